#include "services/monitoring/app/org_unit_path.h"

#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/resource_names.h"

namespace civitas::monitoring {

absl::StatusOr<std::vector<std::string>> OrgUnitPath(clients::RegistryClient* registry,
                                                     const std::string& org_unit,
                                                     const clients::CallContext& ctx) {
  std::string territory = org_unit;
  if (aip::IsNameOf<registry::v1::Organization>(org_unit)) {
    auto organization = registry->GetOrganization(ctx, org_unit);
    if (!organization.ok()) {
      if (organization.status().code() != absl::StatusCode::kNotFound) {
        return organization.status();
      }
      return absl::InvalidArgumentError(
          absl::StrCat("org_unit: ", org_unit, " is not in the registry"));
    }
    if (organization->territories().empty()) return std::vector<std::string>{};
    territory = organization->territories(0);
  }
  auto ancestry = registry->GetTerritoryAncestry(ctx, territory);
  if (!ancestry.ok()) {
    if (ancestry.status().code() != absl::StatusCode::kNotFound) return ancestry.status();
    return absl::InvalidArgumentError(
        absl::StrCat("org_unit: ", territory, " is not in the registry"));
  }
  return ancestry->path;
}

}  // namespace civitas::monitoring
