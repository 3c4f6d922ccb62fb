// ResponseRenderer: gRPC response messages as HTTP bodies: canonical proto3 JSON (the route's
// response or its `response_body` field), or, for google.api.HttpBody, the payload as it is with
// its own content type. Streamed responses render message by message.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/util/type_resolver.h"
#include "services/gateway/route_table.h"

namespace civitas::gateway {

struct RenderedBody {
  std::string content_type;
  std::string body;
  // The resource's etag when the response has one.
  std::string etag;
};

// Parses responses into an arena and writes them with json::AppendJson (byte for byte protobuf's
// output, map keys sorted), or, for the rare response type that reaches google.protobuf.Any,
// with protobuf's JsonUtil and a type resolver built once. Fields holding default values are
// omitted, as the canonical mapping does by default. Thread-safe.
class ResponseRenderer {
 public:
  ResponseRenderer();
  // One whole response (unary). INTERNAL when the bytes do not parse as the route's response.
  absl::StatusOr<RenderedBody> Render(const Route& route, const std::string& bytes) const;
  // One message of a streamed response: a JSON line (NDJSON) or an HttpBody's payload.
  absl::StatusOr<RenderedBody> RenderStreamed(const Route& route, const std::string& bytes) const;

 private:
  absl::StatusOr<RenderedBody> RenderJson(const Route& route, const std::string& bytes) const;
  absl::StatusOr<RenderedBody> RenderByReflection(const Route& route,
                                                  const std::string& bytes) const;
  absl::StatusOr<RenderedBody> RenderHttpBody(const std::string& bytes) const;

  std::unique_ptr<google::protobuf::util::TypeResolver> resolver_;
};

}  // namespace civitas::gateway
