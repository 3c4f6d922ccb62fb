#include "services/monitoring/app/org_unit_facts.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/resource_names.h"
#include "services/monitoring/domain/snapshots.h"

namespace civitas::monitoring {
namespace {

absl::Status Gone(const std::string& org_unit, const absl::Status& status) {
  if (status.code() != absl::StatusCode::kNotFound) return status;
  return absl::FailedPreconditionError(
      absl::StrCat(org_unit, " is no longer in the registry: its facts cannot be captured"));
}

}  // namespace

absl::StatusOr<v1::OrgUnitSnapshot> CaptureOrgUnit(clients::RegistryClient* registry,
                                                   const std::string& org_unit,
                                                   const clients::CallContext& ctx,
                                                   absl::Time now) {
  std::optional<registry::v1::Organization> organization;
  std::vector<registry::v1::SocialService> services;
  std::string territory = org_unit;
  if (aip::IsNameOf<registry::v1::Organization>(org_unit)) {
    absl::StatusOr<registry::v1::Organization> found = registry->GetOrganization(ctx, org_unit);
    if (!found.ok()) return Gone(org_unit, found.status());
    organization = *std::move(found);
    territory = organization->territories().empty() ? "" : organization->territories(0);
    absl::StatusOr<std::vector<registry::v1::SocialService>> provided =
        registry->ListSocialServicesOf(ctx, org_unit);
    if (!provided.ok()) return provided.status();
    services = *std::move(provided);
  }
  std::optional<clients::TerritoryAncestry> ancestry;
  if (!territory.empty()) {
    absl::StatusOr<clients::TerritoryAncestry> found =
        registry->GetTerritoryAncestry(ctx, territory);
    if (!found.ok()) return Gone(territory, found.status());
    ancestry = *std::move(found);
  }
  return SnapshotOf(org_unit, organization.has_value() ? &*organization : nullptr,
                    ancestry.has_value() ? &ancestry->territory : nullptr,
                    ancestry.has_value() ? ancestry->path : std::vector<std::string>{}, services,
                    now);
}

}  // namespace civitas::monitoring
