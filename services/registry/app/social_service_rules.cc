#include "services/registry/app/social_service_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/registry/domain/validation.h"

namespace civitas::registry {

void SocialServiceRules::Validate(const v1::SocialService*, const v1::SocialService& s,
                                  Violations* v) const {
  ValidateSocialService(s, "social_service", v);
}

absl::Status SocialServiceRules::Authorize(const records::ChangeContext<v1::SocialService>& ctx,
                                           const v1::SocialService& after) const {
  return AuthorizeOwnedRecordChange(ctx.caller, ctx.before, after, "changing a social service");
}

absl::Status SocialServiceRules::LoadReferences(
    const records::ChangeContext<v1::SocialService>& ctx, v1::SocialService* s, Violations* v,
    std::vector<Reference>* references) {
  std::optional<v1::Organization> provider;
  RETURN_IF_ERROR(CheckOrganization(ctx.reads, ReaderOfReferences(ctx), s->provider(),
                                    "social_service.provider", v, references, &provider));
  if (provider.has_value()) CheckServiceProvider(*provider, "social_service.provider", v);
  RETURN_IF_ERROR(territories_.Check(ReaderOfReferences(ctx), s->territory(),
                                     "social_service.territory", v, references));
  for (int i = 0; i < s->funding_sources_size(); ++i) {
    if (s->funding_sources(i).funder().empty()) continue;
    RETURN_IF_ERROR(CheckOrganization(
        ctx.reads, ReaderOfReferences(ctx), s->funding_sources(i).funder(),
        absl::StrCat("social_service.funding_sources[", i, "].funder"), v, references));
  }
  ApplySocialServiceDefaults(s);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> SocialServiceRules::SubtreeValues(
    const v1::SocialService& s) {
  return territories_.WithAncestors({s.territory()});
}

}  // namespace civitas::registry
