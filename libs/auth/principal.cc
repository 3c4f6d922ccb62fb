#include "libs/auth/principal.h"

namespace civitas {

bool IsKnownRole(absl::string_view role) {
  for (const char* r : {kRoleAdmin, kRoleMinistry, kRoleMunicipality, kRoleCso, kRoleReviewer,
                        kRoleAssessor, kRoleWarehouse, kRoleAccreditation}) {
    if (role == r) return true;
  }
  return false;
}

}  // namespace civitas
