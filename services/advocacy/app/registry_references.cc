#include "services/advocacy/app/registry_references.h"

#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/resource_names.h"

namespace civitas::advocacy {

absl::Status RegistryReferences::Organization(const std::string& name, const std::string& field,
                                              Violations* v) {
  if (!aip::IsNameOf<registry::v1::Organization>(name)) return absl::OkStatus();
  auto it = known_.find(name);
  if (it == known_.end()) {
    absl::StatusOr<registry::v1::Organization> found = registry_->GetOrganization(call_, name);
    if (!found.ok() && found.status().code() != absl::StatusCode::kNotFound) {
      return found.status();
    }
    it = known_.emplace(name, found.ok()).first;
  }
  if (!it->second) v->Add(field, absl::StrCat(name, " is not in the registry"));
  return absl::OkStatus();
}

absl::Status RegistryReferences::Territory(const std::string& name, const std::string& field,
                                           Violations* v) {
  if (!aip::IsNameOf<registry::v1::Territory>(name)) return absl::OkStatus();
  auto it = known_.find(name);
  if (it == known_.end()) {
    auto found = registry_->GetTerritoryAncestry(call_, name);
    if (!found.ok() && found.status().code() != absl::StatusCode::kNotFound) {
      return found.status();
    }
    it = known_.emplace(name, found.ok()).first;
  }
  if (!it->second) v->Add(field, absl::StrCat(name, " is not in the registry"));
  return absl::OkStatus();
}

}  // namespace civitas::advocacy
