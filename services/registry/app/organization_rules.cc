#include "services/registry/app/organization_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/registry/domain/validation.h"

namespace civitas::registry {

void OrganizationRules::Validate(const v1::Organization*, const v1::Organization& o,
                                 Violations* v) const {
  ValidateOrganization(o, "organization", v);
}

absl::Status OrganizationRules::Authorize(const records::ChangeContext<v1::Organization>& ctx,
                                          const v1::Organization& after) const {
  return AuthorizeOrganizationChange(ctx.caller, ctx.change, ctx.before, after);
}

absl::Status OrganizationRules::LoadReferences(const records::ChangeContext<v1::Organization>& ctx,
                                               v1::Organization* o, Violations* v,
                                               std::vector<Reference>* references) {
  for (int i = 0; i < o->territories_size(); ++i) {
    RETURN_IF_ERROR(territories_.Check(ReaderOfReferences(ctx), o->territories(i),
                                       absl::StrCat("organization.territories[", i, "]"), v,
                                       references));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> OrganizationRules::SubtreeValues(
    const v1::Organization& o) {
  return territories_.WithAncestors({o.territories().begin(), o.territories().end()});
}

std::vector<std::string> OrganizationRules::UniqueValues(const v1::Organization& o) const {
  std::vector<std::string> out;
  for (const auto& id : o.external_ids()) {
    out.push_back(absl::StrCat("external_id=", id.scheme(), "|", id.value()));
  }
  return out;
}

}  // namespace civitas::registry
