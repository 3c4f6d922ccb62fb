#include "libs/clients/registry_checks.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace civitas::clients {

absl::Status CheckOrganizationRegistered(RegistryClient* registry, const std::string& name,
                                         const std::string& field, Violations* v,
                                         const CallContext& ctx) {
  if (!absl::StartsWith(name, "organizations/") || name.size() == 14) return absl::OkStatus();
  auto organization = registry->GetOrganization(ctx, name);
  if (organization.ok()) return absl::OkStatus();
  // A malformed name is the caller's field checks' to name.
  if (organization.status().code() == absl::StatusCode::kInvalidArgument) return absl::OkStatus();
  if (organization.status().code() == absl::StatusCode::kNotFound) {
    v->Add(field, absl::StrCat(name, " is not in the registry"));
    return absl::OkStatus();
  }
  return organization.status();
}

absl::Status CheckTerritoryRegistered(RegistryClient* registry, const std::string& name,
                                      const std::string& field, Violations* v,
                                      const CallContext& ctx) {
  if (!absl::StartsWith(name, "territories/") || name.size() == 12) return absl::OkStatus();
  auto territory = registry->GetTerritoryAncestry(ctx, name);
  if (territory.ok()) return absl::OkStatus();
  if (territory.status().code() == absl::StatusCode::kInvalidArgument) return absl::OkStatus();
  if (territory.status().code() == absl::StatusCode::kNotFound) {
    v->Add(field, absl::StrCat(name, " is not in the registry"));
    return absl::OkStatus();
  }
  return territory.status();
}

absl::StatusOr<std::optional<registry::v1::SocialService>> FindSocialService(
    RegistryClient* registry, const std::string& name, const std::string& field, Violations* v,
    const CallContext& ctx) {
  auto service = registry->GetSocialService(ctx, name);
  if (service.ok()) return *std::move(service);
  if (service.status().code() == absl::StatusCode::kNotFound ||
      service.status().code() == absl::StatusCode::kInvalidArgument) {
    v->Add(field, absl::StrCat(name, " is not in the registry"));
    return std::nullopt;
  }
  return service.status();
}

}  // namespace civitas::clients
