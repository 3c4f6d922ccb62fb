// Principal: who is calling, as established by the gateway (JWT or API key) and carried to the
// services in a signed bearer token. Authorization decisions read only this.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace civitas {

inline constexpr char kRoleAdmin[] = "admin";
inline constexpr char kRoleMinistry[] = "ministry";
inline constexpr char kRoleMunicipality[] = "municipality";
inline constexpr char kRoleCso[] = "cso";
inline constexpr char kRoleReviewer[] = "reviewer";
inline constexpr char kRoleAssessor[] = "assessor";
inline constexpr char kRoleWarehouse[] = "warehouse";

// True for the roles above.
bool IsKnownRole(absl::string_view role);

struct Principal {
  // Empty for an anonymous caller.
  std::string subject;
  std::set<std::string> roles;
  // `organizations/{id}` the caller acts for (CSO, municipality), if any.
  std::string organization;
  // `territories/{id}` a municipality caller is responsible for.
  std::vector<std::string> territories;
  // When the credential that established this principal stops being valid.
  absl::Time expires_at = absl::InfiniteFuture();
  // A service's own background job (`services/<service>/<job>`, made by ServiceRuntime), acting
  // inside the service that runs it: never set from a credential, so no caller can claim it.
  // Grants no role; what a job may do is said by the rules it runs (e.g. expiring vouchers).
  bool background_job = false;

  bool anonymous() const { return subject.empty(); }
  bool HasRole(absl::string_view role) const { return roles.contains(std::string(role)); }
  // Admins and the ministry may read and change every registry record.
  bool IsStaff() const { return HasRole(kRoleAdmin) || HasRole(kRoleMinistry); }

  static Principal Anonymous() { return Principal{}; }
};

// `services/<service>/<job>`, a background job (ServiceRuntime gives each job its own).
Principal BackgroundJobPrincipal(absl::string_view service, absl::string_view job);

}  // namespace civitas
