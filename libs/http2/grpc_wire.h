// The gRPC-over-HTTP/2 wire protocol above HTTP/2 (which nghttp2 does), without I/O:
// length-prefixed messages, the grpc-timeout header, and the call's status from its response
// headers and trailers (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md).
#pragma once

#include <grpcpp/support/status.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace civitas::http2 {

struct HeaderField {
  std::string name;
  std::string value;
};

// The bytes before each message: compressed or not (1), its length (4).
inline constexpr size_t kGrpcPrefix = 5;

// Appends the 5-byte prefix (uncompressed, length) and the message.
void AppendGrpcMessage(absl::string_view message, std::string* out);

// GrpcMessageReader splits a response body, fed in pieces as DATA frames arrive, into messages.
// Not thread-safe; one per stream.
class GrpcMessageReader {
 public:
  explicit GrpcMessageReader(size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}
  // Appends `bytes`; each message completed by them is appended to `out`. INTERNAL for a
  // compressed message (this client asks for none), RESOURCE_EXHAUSTED for one over the limit.
  absl::Status Feed(absl::string_view bytes, std::vector<std::string>* out);
  // True when no message is partly read (the body may end here).
  bool at_boundary() const { return buffer_.empty(); }
  // Bytes of the message being read.
  size_t buffered_bytes() const { return buffer_.size(); }

 private:
  const size_t max_message_bytes_;
  std::string buffer_;
};

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
