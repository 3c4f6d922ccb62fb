#include "services/monitoring/domain/access_policy.h"

#include "absl/strings/str_cat.h"

namespace civitas::monitoring {

bool DefinesMetadata(const Principal& p) {
  return p.HasRole(kRoleAdmin) || p.HasRole(kRoleMinistry);
}

absl::Status AuthorizeMetadataChange(const Principal& p, records::Change, const std::string& what) {
  if (p.anonymous()) return absl::UnauthenticatedError(absl::StrCat(what, " needs a bearer token"));
  if (DefinesMetadata(p)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(what, " is reserved to the ministry (role ministry or admin)"));
}

}  // namespace civitas::monitoring
