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

absl::Status PartnershipRules::CheckContractAccreditation(DocumentStore* reads,
                                                          const v1::SocialService& service,
                                                          const std::string& start_date,
                                                          Violations* v) {
  ASSIGN_OR_RETURN(std::vector<accreditation::v1::Certificate> held,
                   CertificatesOfProvider(reads, service.provider()));
  const accreditation::v1::CheckAccreditationResponse answer =
      certificates::Check(held, service.service_type(), StoredDay(start_date));
  if (answer.accredited()) return absl::OkStatus();
  v->AddPrecondition(
      "partnership.social_service",
      absl::StrCat(
          service.provider(), " is not accredited for ", service.service_type(), " on ", start_date,
          ", the contract's start",
          answer.certificate().number().empty()
              ? std::string(" (no certificate)")
              : absl::StrCat(" (certificate ", answer.certificate().number(), " is ",
                             accreditation::v1::CertificateState_Name(answer.state_on_date()), ")"),
          "; a service contract requires it"));
  return absl::OkStatus();
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
    if (!service.has_value() ||
        (reader != nullptr &&
         !registry::CanReadRecord(*reader, service->state() == v1::DRAFT, OwnersOf(*service)))) {
      v->Add("partnership.social_service", absl::StrCat(p->social_service(), " does not exist"));
    } else {
      CheckPartnershipService(*service, *p, "partnership.social_service", v);
      references->push_back(records::RefTo<v1::SocialService>(id));
      if (p->kind() == v1::Partnership::SERVICE_CONTRACT && aip::IsValidDate(p->start_date())) {
        RETURN_IF_ERROR(CheckContractAccreditation(ctx.reads, *service, p->start_date(), v));
      }
    }
  }
  ASSIGN_OR_RETURN(*p->mutable_total_value(), PartnershipTotalValue(*p));
  return absl::OkStatus();
}

}  // namespace civitas::registry
