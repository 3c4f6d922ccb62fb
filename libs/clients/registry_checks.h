// Reference checks against the registry that several services' rules make when a record names
// an organisation, a territory or a social service: a missing one is a violation naming the field,
// a registry that cannot answer is the error itself (the write does not go ahead on a guess).
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/common/field_violations.h"

namespace civitas::clients {

// Adds "<name> is not in the registry" under `field` when the registry does not know the
// organisation (asked on behalf of the request `ctx`). A name that is not `organizations/{id}` is
// left to the caller's field checks.
absl::Status CheckOrganizationRegistered(RegistryClient* registry, const std::string& name,
                                         const std::string& field, Violations* v,
                                         const CallContext& ctx);

// Adds "<name> is not in the registry" under `field` when the registry does not know the
// territory (`territories/{id}`; another name is left to the caller's field checks).
absl::Status CheckTerritoryRegistered(RegistryClient* registry, const std::string& name,
                                      const std::string& field, Violations* v,
                                      const CallContext& ctx);

// The social service, or nullopt after adding "<name> is not in the registry" under `field`.
absl::StatusOr<std::optional<registry::v1::SocialService>> FindSocialService(
    RegistryClient* registry, const std::string& name, const std::string& field, Violations* v,
    const CallContext& ctx);

}  // namespace civitas::clients
