#include "services/registry/app/territory_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "services/registry/domain/access_policy.h"
#include "services/registry/domain/changes.h"
#include "services/registry/domain/validation.h"

namespace civitas::registry {

void TerritoryRules::Validate(const v1::Territory*, const v1::Territory& t, Violations* v) const {
  ValidateTerritory(t, "territory", v);
}

absl::Status TerritoryRules::Authorize(const records::ChangeContext<v1::Territory>& ctx,
                                       const v1::Territory& after) const {
  return AuthorizeTerritoryChange(ctx.caller, ctx.change);
}

absl::Status TerritoryRules::LoadReferences(const records::ChangeContext<v1::Territory>& ctx,
                                            v1::Territory* t, Violations* v,
                                            std::vector<Reference>* references) {
  t->clear_ancestors();
  if (aip::IdIn<v1::Territory>(t->parent()).empty()) return absl::OkStatus();  // none, or malformed
  ASSIGN_OR_RETURN(auto parent, territories_.Find(t->parent()));
  // A parent the caller may not read (a draft) is answered as a missing one.
  const Principal* reader = ReaderOfReferences(ctx);
  if (!parent.has_value() || HiddenFrom(reader, *parent)) {
    v->Add("territory.parent", absl::StrCat(t->parent(), " does not exist"));
    return absl::OkStatus();
  }
  if (NeedsLiveParent(*t)) ValidateTerritoryParent(*t, &*parent, "territory", v);
  DeriveTerritoryAncestors(*parent, t);
  // Checked again when the write applies.
  const std::string parent_id = aip::IdIn<v1::Territory>(parent->name());
  references->push_back(NeedsLiveParent(*t) ? LiveRecord<v1::Territory>(parent_id)
                                            : records::RefTo<v1::Territory>(parent_id));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> TerritoryRules::SubtreeValues(const v1::Territory& t) {
  std::vector<std::string> out(t.ancestors().begin(), t.ancestors().end());
  out.push_back(t.name());
  return out;
}

std::vector<std::string> TerritoryRules::UniqueValues(const v1::Territory& t) const {
  return {absl::StrCat("code=", t.code())};
}

}  // namespace civitas::registry
