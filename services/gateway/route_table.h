// RouteTable: REST routes read from the `google.api.http` annotations of gRPC service
// descriptors at start-up (as Envoy's gRPC-JSON transcoder and grpc-gateway do). A new annotated
// RPC is on REST without gateway code.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "libs/json/wire_json_writer.h"
#include "services/gateway/path_template.h"

namespace civitas::gateway {

struct Route {
  // GET, POST, PATCH, PUT, DELETE.
  std::string http_method;
  PathTemplate path;
  const google::protobuf::MethodDescriptor* method = nullptr;
  // "" (no body), "*" (the whole request) or a top-level request field name.
  std::string body;
  // "" (the whole response) or a response field name.
  std::string response_body;
  // `/package.Service/Method`.
  std::string grpc_path;
  // Label for metrics and logs, e.g. `GET /v1/{name=organizations/*}`.
  std::string label;
  // The response renders through ProtoJsonWriter (it reaches no google.protobuf.Any).
  bool reflective_json = false;
  // Renders the whole response from its wire bytes (reflective_json routes without a
  // response_body); shared by the copies of a route.
  std::shared_ptr<const json::WireJsonWriter> wire_json;
  // The response's `etag` field number (a singular string), 0 when it has none.
  int etag_field = 0;
  // Request bodies parse through ProtoJsonParser (the request reaches no google.protobuf.Any).
  bool reflective_request_json = false;
  // The generated default instance of the response type, to parse responses into.
  const google::protobuf::Message* response_prototype = nullptr;
  // A server-streaming RPC: answered as NDJSON (or a streamed HttpBody), chunked.
  bool server_streaming = false;
  // The response is google.api.HttpBody: its payload goes out as it is, with its content type.
  bool http_body_response = false;
  // For an HttpBody response: the media type the method declares (empty: any).
  std::string response_media_type;
  // For an HttpBody response of NDJSON: the message each line holds, from
  // `(civitas.common.v1.response_lines)`. Documented and ended on an error as a typed stream.
  const google::protobuf::Descriptor* response_lines = nullptr;
  // The request body (the whole request for `body: "*"`, else the `body` field) is
  // google.api.HttpBody: the HTTP body is passed through, not parsed as JSON.
  bool http_body_request = false;
  // A client-streaming RPC with an HttpBody body (an upload): the HTTP body goes to the backend
  // in pieces, the first message carrying the other fields (path and query), each one piece of
  // the body; the body may be larger (the gateway's upload limit).
  bool upload = false;
  // For an HttpBody body: the media types the method declares it takes (empty: any).
  std::vector<std::string> request_media_types;
  // The RPC is annotated `(civitas.common.v1.allow_anonymous)`: callers without credentials may
  // call it. Other routes answer them 401 before any backend call.
  bool allow_anonymous = false;
};

// Immutable after Build; thread-safe.
class RouteTable {
 public:
  static absl::StatusOr<RouteTable> Build(
      const std::vector<const google::protobuf::ServiceDescriptor*>& services);

  struct MatchResult {
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> bindings;
  };
  // The route for `method` and `path` (HEAD matches GET routes); when none, `allowed` lists the
  // methods the path has (empty: unknown path).
  std::optional<MatchResult> Match(const std::string& method, const std::string& path,
                                   std::vector<std::string>* allowed) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  // The routes a path may match, in routes_' order, by its second segment (the collection:
  // `organizations` of `/v1/organizations/x`, its `:verb` cut): routes whose second segment is
  // that literal, and those whose second segment is a wildcard. A request is compared with a
  // few routes instead of all of them.
  const std::vector<size_t>& CandidatesFor(absl::Span<const absl::string_view> parts) const;

  std::vector<Route> routes_;
  absl::flat_hash_map<std::string, std::vector<size_t>> by_collection_;
  std::vector<size_t> any_collection_;
};

}  // namespace civitas::gateway
