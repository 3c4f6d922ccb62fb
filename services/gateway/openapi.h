// OpenAPI 3.1 document generated from the route table and the message descriptors it reaches:
// every route with its parameters, request body, response schemas and every error it can answer
// (problem+json), its security requirements (bearer token or API key; the empty requirement too
// on methods annotated allow_anonymous), and the servers it is reached at.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/gateway/route_table.h"

namespace civitas::gateway {

struct OpenApiInfo {
  std::string title = "Civitas API";
  std::string version = "v1";
  // Base URLs clients reach the gateway at; "/" (this host) when empty.
  std::vector<std::string> server_urls;
};

absl::StatusOr<std::string> BuildOpenApiJson(const RouteTable& routes, const OpenApiInfo& info);

// The OpenAPI path of a route: literals kept, each `*` of a variable becomes `{<resource>Id}`
// (e.g. `/v1/{name=organizations/*}` -> `/v1/organizations/{organizationId}`).
std::string OpenApiPath(const PathTemplate& path, std::vector<std::string>* params);

}  // namespace civitas::gateway
