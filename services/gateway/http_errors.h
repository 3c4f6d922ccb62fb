// The one gRPC -> HTTP status table (as grpc-gateway's runtime/errors.go and Envoy's
// grpc/status.cc) and RFC 9457 problem documents carrying the gRPC code and field violations.
#pragma once

#include <grpcpp/support/status_code_enum.h>

#include <string>
#include <vector>

#include "libs/common/field_violations.h"

namespace civitas::gateway {

int HttpStatusFromGrpc(grpc::StatusCode code);
const char* HttpReasonPhrase(int status);

// The HTTP status of a failed backend call: the standard table, 502 when the backend's answer
// broke the protocol, and 412 for a stale etag the client sent as If-Match (RFC 9110).
int HttpStatusOfFailure(grpc::StatusCode code, bool backend_fault, bool sent_if_match);

// `application/problem+json` body: type, title, status, detail, code, correlationId, violations.
std::string ProblemJson(int http_status, const std::string& grpc_code_name,
                        const std::string& detail, const std::vector<FieldViolation>& violations,
                        const std::string& correlation_id);

}  // namespace civitas::gateway
