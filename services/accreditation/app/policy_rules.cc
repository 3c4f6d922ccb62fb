#include "services/accreditation/app/policy_rules.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/accreditation/app/reference_checks.h"
#include "services/accreditation/domain/access_policy.h"
#include "services/accreditation/domain/cases.h"
#include "services/accreditation/domain/resource_spec.h"
#include "services/accreditation/domain/standards.h"
#include "services/accreditation/domain/state_models.h"

namespace civitas::accreditation {

const aip::ResourceSpec& PolicyRules::spec() const { return CountryPolicySpec(); }

const records::StateModel<v1::CountryPolicy>& PolicyRules::states() const {
  return CountryPolicyStates();
}

bool PolicyRules::CanRead(const records::RuleContext&, const v1::CountryPolicy&) const {
  return true;
}

absl::Status PolicyRules::Authorize(const records::ChangeContext<v1::CountryPolicy>& ctx,
                                    const v1::CountryPolicy&) const {
  return AuthorizeAccreditingBody(ctx.caller, "setting country policies");
}

void PolicyRules::Validate(const v1::CountryPolicy*, const v1::CountryPolicy& after,
                           Violations* v) const {
  CheckPolicyId(after, v);
  ValidateCountryPolicy(after, v);
}

absl::Status PolicyRules::LoadReferences(const records::ChangeContext<v1::CountryPolicy>&,
                                         v1::CountryPolicy*, Violations*, std::vector<Reference>*) {
  return absl::OkStatus();
}

}  // namespace civitas::accreditation
