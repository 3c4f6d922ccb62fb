// The gRPC-over-HTTP/2 wire protocol for unary calls, without I/O: length-prefixed messages,
// the grpc-timeout header, and the call's status from its response headers and trailers
// (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md).
#pragma once

#include <grpcpp/support/status.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "libs/http2/hpack.h"

namespace civitas::http2 {

// Appends the 5-byte prefix (uncompressed, length) and the message.
void AppendGrpcMessage(absl::string_view message, std::string* out);

// The single message of a unary response body. An empty body, a compressed message (this client
// asks for none), a length that disagrees with the body or a second message is an error.
absl::StatusOr<std::string> ParseUnaryResponseBody(std::string body);

// `grpc-timeout` for the time left: at most 8 digits, in the finest unit that fits.
std::string GrpcTimeoutValue(absl::Duration remaining);

// The call's status from the response's HTTP status and its trailers (or trailers-only headers):
// grpc-status, percent-decoded grpc-message and base64 grpc-status-details-bin. Without
// grpc-status the HTTP status decides, mapped as the protocol document says.
grpc::Status StatusFromTrailers(int http_status, const std::vector<HeaderField>& trailers);

// The HTTP status a gRPC client maps to a call status when a response carries no grpc-status.
grpc::StatusCode StatusCodeFromHttpStatus(int http_status);

// Percent-decodes a grpc-message value; malformed escapes are kept as they are.
std::string PercentDecode(absl::string_view value);

}  // namespace civitas::http2
