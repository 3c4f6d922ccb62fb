// Loading the records registry resources refer to: territories (with ancestors) and
// organisations.
#include "services/registry/app/reference_loading.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "services/registry/domain/access_policy.h"
#include "services/registry/domain/changes.h"

namespace civitas::registry {

absl::StatusOr<std::optional<v1::Territory>> TerritoryResolver::Find(const std::string& name) {
  std::string id = aip::IdIn<v1::Territory>(name);
  if (id.empty()) return std::nullopt;
  ASSIGN_OR_RETURN(auto t, LoadRecord<v1::Territory>(store_, id));
  if (t.has_value()) Remember(*t);
  return t;
}

void TerritoryResolver::Remember(const v1::Territory& t) {
  absl::MutexLock lock(&mu_);
  ancestors_.try_emplace(t.name(), t.ancestors().begin(), t.ancestors().end());
}

absl::Status TerritoryResolver::Check(const Principal* reader, const std::string& name,
                                      const std::string& field, Violations* v,
                                      std::vector<Reference>* references) {
  if (aip::IdIn<v1::Territory>(name).empty()) return absl::OkStatus();  // validation reports format
  ASSIGN_OR_RETURN(auto t, Find(name));
  if (CheckReferenced(reader, name, t.has_value() ? &*t : nullptr, field, v)) {
    references->push_back(LiveRecord<v1::Territory>(aip::IdIn<v1::Territory>(name)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> TerritoryResolver::WithAncestors(
    const std::vector<std::string>& names) {
  std::set<std::string> out;
  for (const auto& name : names) {
    out.insert(name);
    {
      absl::MutexLock lock(&mu_);
      if (auto it = ancestors_.find(name); it != ancestors_.end()) {
        out.insert(it->second.begin(), it->second.end());
        continue;
      }
    }
    ASSIGN_OR_RETURN(auto t, Find(name));
    if (t.has_value()) out.insert(t->ancestors().begin(), t->ancestors().end());
  }
  return std::vector<std::string>(out.begin(), out.end());
}

absl::Status CheckOrganization(DocumentStore* store, const Principal* reader,
                               const std::string& name, const std::string& field, Violations* v,
                               std::vector<Reference>* references,
                               std::optional<v1::Organization>* out) {
  std::string id = aip::IdIn<v1::Organization>(name);
  if (id.empty()) return absl::OkStatus();  // format errors are reported by validation
  ASSIGN_OR_RETURN(auto org, LoadRecord<v1::Organization>(store, id));
  if (org.has_value() && HiddenFrom(reader, *org)) org.reset();  // as if missing: not returned
  if (CheckReferenced(reader, name, org.has_value() ? &*org : nullptr, field, v)) {
    references->push_back(LiveRecord<v1::Organization>(id));
  }
  if (out != nullptr) *out = std::move(org);
  return absl::OkStatus();
}

}  // namespace civitas::registry
