// Transcoder: turns an HTTP request into the gRPC request message of its route (body JSON, path
// variables, query parameters, If-Match and Idempotency-Key headers) and a gRPC response into
// canonical proto3 JSON. Uses protobuf's own JSON mapping; no hand-written JSON.
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
};

// INVALID_ARGUMENT with a violation naming the body, field or query parameter at fault.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> BuildRequest(const Route& route,
                                                                        const TranscodeInput& in);

struct TranscodedResponse {
  std::string json;
  // The resource's etag when the response has one.
  std::string etag;
};

absl::StatusOr<TranscodedResponse> ResponseToJson(const Route& route, const std::string& bytes);

// Splits `a=1&b=x%20y` into decoded pairs (`+` is a space); false on a malformed escape.
bool ParseQuery(const std::string& query, std::vector<std::pair<std::string, std::string>>* out);

}  // namespace civitas::gateway
