#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "libs/common/status_macros.h"
#include "services/registry/app/registry_hooks.h"
#include "services/registry/domain/access_policy.h"
#include "services/registry/domain/validation.h"

namespace civitas::registry {

const aip::ResourceSpec& OrganizationHooks::spec() const { return OrganizationSpec(); }

void OrganizationHooks::Validate(const v1::Organization& o, Violations* v) const {
  ValidateOrganization(o, "organization", v);
}

absl::Status OrganizationHooks::AuthorizeWrite(const Principal& p, WriteAction action,
                                               const v1::Organization* before,
                                               const v1::Organization& after) const {
  if (action != WriteAction::kUpdate) {
    return AuthorizeStaffOnly(
        p, action == WriteAction::kCreate ? "creating organizations" : "archiving organizations");
  }
  RETURN_IF_ERROR(
      AuthorizeOwnerOrStaff(p, {before->name()}, {after.name()}, "updating an organization"));
  if (p.IsStaff()) return absl::OkStatus();
  // Type, status and registration ids are the registrar's to change, not the organisation's.
  if (before->type() != after.type() || before->state() != after.state()) {
    return absl::PermissionDeniedError(
        "only admin and ministry change an organization's type or state");
  }
  if (before->external_ids_size() != after.external_ids_size() ||
      !std::equal(before->external_ids().begin(), before->external_ids().end(),
                  after.external_ids().begin(),
                  [](const v1::ExternalId& a, const v1::ExternalId& b) {
                    return google::protobuf::util::MessageDifferencer::Equals(a, b);
                  })) {
    return absl::PermissionDeniedError("only admin and ministry change external ids");
  }
  return absl::OkStatus();
}

absl::Status OrganizationHooks::Resolve(v1::Organization* o, Violations* v,
                                        std::vector<Reference>* references) {
  for (int i = 0; i < o->territories_size(); ++i) {
    RETURN_IF_ERROR(territories_.Check(
        o->territories(i), absl::StrCat("organization.territories[", i, "]"), v, references));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> OrganizationHooks::SubtreeValues(
    const v1::Organization& o) {
  return territories_.WithAncestors({o.territories().begin(), o.territories().end()});
}

std::vector<std::string> OrganizationHooks::UniqueValues(const v1::Organization& o) const {
  std::vector<std::string> out;
  for (const auto& id : o.external_ids()) {
    out.push_back(absl::StrCat("external_id=", id.scheme(), "|", id.value()));
  }
  return out;
}

}  // namespace civitas::registry
