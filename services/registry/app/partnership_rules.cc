#include "services/registry/app/partnership_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/certificates/certificate_standing.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "services/registry/app/certificate_copies.h"
#include "services/registry/domain/access_policy.h"
#include "services/registry/domain/changes.h"
#include "services/registry/domain/validation.h"

namespace civitas::registry {

void PartnershipRules::Validate(const v1::Partnership*, const v1::Partnership& p,
                                Violations* v) const {
  ValidatePartnership(p, "partnership", v);
}

absl::Status PartnershipRules::Authorize(const records::ChangeContext<v1::Partnership>& ctx,
                                         const v1::Partnership& after) const {
  return AuthorizeOwnedRecordChange(ctx.caller, ctx.before, after, "changing a partnership");
}

absl::Status PartnershipRules::LoadReferences(const records::ChangeContext<v1::Partnership>& ctx,
                                              v1::Partnership* p, Violations* v,
                                              std::vector<Reference>* references) {
  std::optional<v1::Organization> cso, authority;
  RETURN_IF_ERROR(CheckOrganization(ctx.reads, ReaderOfReferences(ctx), p->cso(), "partnership.cso",
                                    v, references, &cso));
  RETURN_IF_ERROR(CheckOrganization(ctx.reads, ReaderOfReferences(ctx), p->authority(),
                                    "partnership.authority", v, references, &authority));
  if (cso.has_value() && authority.has_value()) {
    ValidatePartnershipParties(*cso, *authority, "partnership", v);
  }
  if (!p->social_service().empty()) {
    const std::string id = aip::IdIn<v1::SocialService>(p->social_service());
    ASSIGN_OR_RETURN(auto service, LoadRecord<v1::SocialService>(ctx.reads, id));
    // Another provider's draft service is answered as a missing one: neither its provider nor
    // its accreditation leaks.
    const Principal* reader = ReaderOfReferences(ctx);
    if (!service.has_value() || HiddenFrom(reader, *service)) {
      v->Add("partnership.social_service", absl::StrCat(p->social_service(), " does not exist"));
    } else {
      CheckPartnershipService(*service, *p, "partnership.social_service", v);
      references->push_back(records::RefTo<v1::SocialService>(id));
      if (p->kind() == v1::Partnership::SERVICE_CONTRACT && aip::IsValidDate(p->start_date())) {
        ASSIGN_OR_RETURN(std::vector<accreditation::v1::Certificate> held,
                         CertificatesOfProvider(ctx.reads, service->provider()));
        CheckContractAccreditation(*service, held, p->start_date(), v);
      }
    }
  }
  ASSIGN_OR_RETURN(*p->mutable_total_value(), PartnershipTotalValue(*p));
  return absl::OkStatus();
}

}  // namespace civitas::registry
