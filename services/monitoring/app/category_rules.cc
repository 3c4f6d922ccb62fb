#include "services/monitoring/app/category_rules.h"

#include "absl/strings/str_cat.h"
#include "services/monitoring/domain/access_policy.h"
#include "services/monitoring/domain/categories.h"
#include "services/monitoring/domain/resource_spec.h"
#include "services/monitoring/domain/state_models.h"

namespace civitas::monitoring {

const aip::ResourceSpec& CategoryRules::spec() const { return CategorySpec(); }

const records::StateModel<v1::Category>& CategoryRules::states() const { return CategoryStates(); }

bool CategoryRules::CanRead(const records::RuleContext&, const v1::Category&) const { return true; }

absl::Status CategoryRules::Authorize(const records::ChangeContext<v1::Category>& ctx,
                                      const v1::Category&) const {
  return AuthorizeMetadataChange(ctx.caller, ctx.change, "defining categories");
}

void CategoryRules::Validate(const v1::Category* before, const v1::Category& after,
                             Violations* v) const {
  ValidateCategory(after, v);
  if (before != nullptr) ValidateCategoryChange(*before, after, v);
}

absl::Status CategoryRules::LoadReferences(const records::ChangeContext<v1::Category>&,
                                           v1::Category*, Violations*, std::vector<Reference>*) {
  return absl::OkStatus();
}

std::vector<std::string> CategoryRules::UniqueValues(const v1::Category& category) const {
  return {absl::StrCat("code=", category.code())};
}

}  // namespace civitas::monitoring
