#include "services/registry/domain/access_policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace civitas::registry {
namespace {

bool Owns(const Principal& p, const std::vector<std::string>& owners) {
  return !p.organization.empty() &&
         std::find(owners.begin(), owners.end(), p.organization) != owners.end();
}

bool ReadsEverything(const Principal& p) {
  return p.IsStaff() || p.HasRole(kRoleWarehouse) || p.HasRole(kRoleReviewer) ||
         p.HasRole(kRoleAssessor);
}

}  // namespace

bool CanReadRecord(const Principal& p, bool is_draft, const std::vector<std::string>& owners) {
  if (!is_draft) return true;
  return ReadsEverything(p) || Owns(p, owners);
}

absl::Status AuthorizeStaffOnly(const Principal& p, const std::string& what) {
  if (p.anonymous()) return absl::UnauthenticatedError(absl::StrCat(what, " needs a bearer token"));
  if (p.IsStaff()) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(what, " is reserved to admin and ministry"));
}

absl::Status AuthorizeOwnerOrStaff(const Principal& p,
                                   const std::vector<std::string>& owners_before,
                                   const std::vector<std::string>& owners_after,
                                   const std::string& what) {
  if (p.anonymous()) return absl::UnauthenticatedError(absl::StrCat(what, " needs a bearer token"));
  if (p.IsStaff()) return absl::OkStatus();
  bool acting_role = p.HasRole(kRoleCso) || p.HasRole(kRoleMunicipality);
  if (!acting_role || p.organization.empty()) {
    return absl::PermissionDeniedError(absl::StrCat(what, " is not allowed for this role"));
  }
  if (!owners_before.empty() && !Owns(p, owners_before)) {
    return absl::PermissionDeniedError(
        absl::StrCat(what, ": the record belongs to another organisation"));
  }
  if (!Owns(p, owners_after)) {
    return absl::PermissionDeniedError(
        absl::StrCat(what, ": the record must stay with ", p.organization));
  }
  return absl::OkStatus();
}

}  // namespace civitas::registry
