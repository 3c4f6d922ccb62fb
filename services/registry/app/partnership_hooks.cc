#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/registry/app/registry_hooks.h"
#include "services/registry/domain/access_policy.h"
#include "libs/aip/field_checks.h"
#include "services/registry/domain/validation.h"

namespace civitas::registry {

const aip::ResourceSpec& PartnershipHooks::spec() const { return PartnershipSpec(); }

void PartnershipHooks::Validate(const v1::Partnership& p, Violations* v) const {
  ValidatePartnership(p, "partnership", v);
}

absl::Status PartnershipHooks::AuthorizeWrite(const Principal& p, WriteAction action,
                                              const v1::Partnership* before,
                                              const v1::Partnership& after) const {
  return AuthorizeByOwnership(p, before, after, "changing a partnership");
}

absl::Status PartnershipHooks::Resolve(v1::Partnership* p, Violations* v,
                                       std::vector<Reference>* references) {
  std::optional<v1::Organization> cso, authority;
  RETURN_IF_ERROR(CheckOrganization(store_, p->cso(), "partnership.cso", v, references, &cso));
  RETURN_IF_ERROR(CheckOrganization(store_, p->authority(), "partnership.authority", v, references,
                                    &authority));
  if (cso.has_value() && authority.has_value()) {
    ValidatePartnershipParties(*cso, *authority, "partnership", v);
  }
  if (!p->social_service().empty()) {
    ASSIGN_OR_RETURN(auto service,
                     LoadRecord<v1::SocialService>(store_, "socialServices",
                                                   aip::IdOf(p->social_service(), "socialServices")));
    if (!service.has_value()) {
      v->Add("partnership.social_service", absl::StrCat(p->social_service(), " does not exist"));
    } else if (service->provider() != p->cso()) {
      v->Add("partnership.social_service", "must be a service provided by the partnership's cso");
    } else {
      references->push_back({{"socialServices", aip::IdOf(p->social_service(), "socialServices")}, {}});
    }
  }
  ASSIGN_OR_RETURN(*p->mutable_total_value(), PartnershipTotalValue(*p));
  return absl::OkStatus();
}

}  // namespace civitas::registry
