// Request transcoding: an HTTP request into the gRPC request message of its route: the body
// (proto3 JSON, or passed through as google.api.HttpBody), path variables, query parameters, and
// the If-Match and Idempotency-Key headers. Every string that reaches a proto string field is
// checked as UTF-8 and refused naming the parameter it came from.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "services/gateway/route_table.h"

namespace civitas::gateway {

struct TranscodeInput {
  std::vector<std::pair<std::string, std::string>> bindings;
  // Raw query string (after `?`), undecoded.
  std::string query;
  std::string body;
  // Header values; empty when absent.
  std::string if_match;
  std::string idempotency_key;
  // The request's Content-Type (kept for google.api.HttpBody bodies).
  std::string content_type;
};

// INVALID_ARGUMENT with a violation naming the body, field or query parameter at fault.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> BuildRequest(const Route& route,
                                                                        const TranscodeInput& in);

// Splits `a=1&b=x%20y` into decoded pairs (`+` is a space); false on a malformed escape.
bool ParseQuery(const std::string& query, std::vector<std::pair<std::string, std::string>>* out);

}  // namespace civitas::gateway
