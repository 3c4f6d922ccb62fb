// Transcoder: turns an HTTP request into the gRPC request message of its route (body JSON, path
// variables, query parameters, If-Match and Idempotency-Key headers) and a gRPC response into
// canonical proto3 JSON (ProtoJsonWriter, differentially tested against protobuf's printer).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/type_resolver.h"
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

// ResponseRenderer renders backend responses as canonical proto3 JSON: parsed into an arena and
// written by ProtoJsonWriter (byte for byte protobuf's output, map keys sorted), or, for the rare
// response type that reaches google.protobuf.Any, by protobuf's JsonUtil from the wire bytes with
// a type resolver built once. Fields holding default values are omitted, as the canonical mapping
// does by default. Thread-safe.
class ResponseRenderer {
 public:
  ResponseRenderer();
  absl::StatusOr<TranscodedResponse> Render(const Route& route, const std::string& bytes) const;

 private:
  absl::StatusOr<TranscodedResponse> RenderByReflection(const Route& route,
                                                        const std::string& bytes) const;

  std::unique_ptr<google::protobuf::util::TypeResolver> resolver_;
};

// Splits `a=1&b=x%20y` into decoded pairs (`+` is a space); false on a malformed escape.
bool ParseQuery(const std::string& query, std::vector<std::pair<std::string, std::string>>* out);

}  // namespace civitas::gateway
