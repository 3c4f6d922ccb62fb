#include "services/accreditation/app/standard_rules.h"

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

const aip::ResourceSpec& StandardRules::spec() const { return StandardSpec(); }

const records::StateModel<v1::QualityStandard>& StandardRules::states() const {
  return QualityStandardStates();
}

bool StandardRules::CanRead(const records::RuleContext& ctx, const v1::QualityStandard& s) const {
  return CanReadStandard(ctx.caller, s);
}

absl::Status StandardRules::Authorize(const records::ChangeContext<v1::QualityStandard>& ctx,
                                      const v1::QualityStandard&) const {
  return AuthorizeStandardChange(ctx.caller, ctx.change, ctx.before);
}

void StandardRules::Validate(const v1::QualityStandard*, const v1::QualityStandard& after,
                             Violations* v) const {
  ValidateStandard(after, v);
}

absl::Status StandardRules::LoadReferences(const records::ChangeContext<v1::QualityStandard>& ctx,
                                           v1::QualityStandard* s, Violations* v,
                                           std::vector<Reference>* references) {
  RequirePolicy(s->country(), references);
  return CheckServiceTypes(registry_, {s->service_type()}, "standard.service_type", false, v,
                           ctx.call);
}

std::vector<std::string> StandardRules::UniqueValues(const v1::QualityStandard& s) const {
  return {absl::StrCat("version=", s.country(), "|", s.service_type(), "|", s.version())};
}

}  // namespace civitas::accreditation
