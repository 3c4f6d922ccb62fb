#include "libs/auth/principal.h"

#include "absl/strings/str_cat.h"

namespace civitas {

bool IsKnownRole(absl::string_view role) {
  for (const char* r : {kRoleAdmin, kRoleMinistry, kRoleMunicipality, kRoleCso, kRoleReviewer,
                        kRoleAssessor, kRoleWarehouse}) {
    if (role == r) return true;
  }
  return false;
}

Principal BackgroundJobPrincipal(absl::string_view service, absl::string_view job) {
  Principal p;
  p.subject = absl::StrCat("services/", service, "/", job);
  p.background_job = true;
  return p;
}

}  // namespace civitas
