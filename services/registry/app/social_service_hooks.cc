#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/registry/app/registry_hooks.h"
#include "services/registry/domain/access_policy.h"
#include "services/registry/domain/validation.h"

namespace civitas::registry {

const aip::ResourceSpec& SocialServiceHooks::spec() const { return SocialServiceSpec(); }

void SocialServiceHooks::Validate(const v1::SocialService& s, Violations* v) const {
  ValidateSocialService(s, "social_service", v);
}

absl::Status SocialServiceHooks::AuthorizeWrite(const Principal& p, WriteAction action,
                                                const v1::SocialService* before,
                                                const v1::SocialService& after) const {
  return AuthorizeByOwnership(p, before, after, "changing a social service");
}

absl::Status SocialServiceHooks::Resolve(v1::SocialService* s, Violations* v,
                                         std::vector<Reference>* references) {
  std::optional<v1::Organization> provider;
  RETURN_IF_ERROR(CheckOrganization(store_, s->provider(), "social_service.provider", v, references,
                                    &provider));
  if (provider.has_value() && provider->type() != v1::CSO &&
      provider->type() != v1::PUBLIC_AUTHORITY && provider->type() != v1::PRIVATE_COMPANY) {
    v->Add("social_service.provider",
           "must be a CSO, public authority or private company that delivers services");
  }
  RETURN_IF_ERROR(territories_.Check(s->territory(), "social_service.territory", v, references));
  for (int i = 0; i < s->funding_sources_size(); ++i) {
    if (s->funding_sources(i).funder().empty()) continue;
    RETURN_IF_ERROR(CheckOrganization(
        store_, s->funding_sources(i).funder(),
        absl::StrCat("social_service.funding_sources[", i, "].funder"), v, references));
  }
  if (s->accreditation_status() == v1::ACCREDITATION_STATUS_UNSPECIFIED) {
    s->set_accreditation_status(v1::NOT_ACCREDITED);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> SocialServiceHooks::SubtreeValues(
    const v1::SocialService& s) {
  return territories_.WithAncestors({s.territory()});
}

}  // namespace civitas::registry
