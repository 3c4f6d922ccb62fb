#include "services/accreditation/app/case_rules.h"

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

const aip::ResourceSpec& CaseRules::spec() const { return CaseSpec(); }

const records::StateModel<v1::AccreditationCase>& CaseRules::states() const {
  return AccreditationCaseStates();
}

bool CaseRules::CanRead(const records::RuleContext& ctx, const v1::AccreditationCase& c) const {
  return CanReadCase(ctx.caller, c);
}

absl::Status CaseRules::Authorize(const records::ChangeContext<v1::AccreditationCase>& ctx,
                                  const v1::AccreditationCase& after) const {
  return AuthorizeCaseChange(ctx.caller, ctx.change, ctx.before, after);
}

void CaseRules::Validate(const v1::AccreditationCase*, const v1::AccreditationCase& after,
                         Violations* v) const {
  ValidateCase(after, v);
}

void CaseRules::OnUpdate(const records::ChangeContext<v1::AccreditationCase>& ctx,
                         v1::AccreditationCase* after, absl::Time now) {
  RecordCaseEdit(*ctx.before, after, ctx.caller.subject, now);
}

absl::Status CaseRules::LoadReferences(const records::ChangeContext<v1::AccreditationCase>& ctx,
                                       v1::AccreditationCase* c, Violations* v,
                                       std::vector<Reference>* references) {
  RETURN_IF_ERROR(
      clients::CheckOrganizationRegistered(registry_, c->provider(), "case.provider", v, ctx.call));
  RETURN_IF_ERROR(CheckServiceTypes(registry_,
                                    {c->service_types().begin(), c->service_types().end()},
                                    "case.service_types", true, v, ctx.call));
  for (int i = 0; i < c->social_services_size(); ++i) {
    const std::string field = absl::StrCat("case.social_services[", i, "]");
    if (!aip::IsNameOf<registry::v1::SocialService>(c->social_services(i))) continue;
    ASSIGN_OR_RETURN(auto service, clients::FindSocialService(registry_, c->social_services(i),
                                                              field, v, ctx.call));
    if (service.has_value()) CheckCaseSocialService(*c, i, *service, v);
  }
  RequirePolicy(c->country(), references);
  if (const std::string id = aip::IdIn<v1::Certificate>(c->renews()); !id.empty()) {
    ASSIGN_OR_RETURN(auto renewed, records::ReadRecord<v1::Certificate>(ctx.reads, id));
    CheckRenewedCertificate(*c, renewed.has_value() ? &renewed->record : nullptr, v);
  }
  return absl::OkStatus();
}

}  // namespace civitas::accreditation
