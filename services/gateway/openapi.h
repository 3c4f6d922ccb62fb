// OpenAPI 3.1 document generated from the route table and the message descriptors it reaches:
// every route with its parameters, request body and response schemas, problem+json errors, and
// the bearer / API key security schemes.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/gateway/route_table.h"

namespace civitas::gateway {

absl::StatusOr<std::string> BuildOpenApiJson(const RouteTable& routes, const std::string& title,
                                             const std::string& version);

// The OpenAPI path of a route: literals kept, each `*` of a variable becomes `{<resource>Id}`
// (e.g. `/v1/{name=organizations/*}` -> `/v1/organizations/{organizationId}`).
std::string OpenApiPath(const PathTemplate& path, std::vector<std::string>* params);

}  // namespace civitas::gateway
