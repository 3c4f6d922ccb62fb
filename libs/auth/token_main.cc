// civitas-token: prints a development bearer token (`make token ROLE=cso ORG=organizations/x`).
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "libs/auth/auth_settings.h"
#include "libs/common/settings.h"

int main(int argc, char** argv) {
  civitas::SettingsSchema schema("civitas-token");
  schema.String("role", "admin", "roles of the token's principal, comma-separated")
      .String("org", "", "the principal's organisation (id or organizations/<id>)")
      .String("territories", "", "the principal's territories, comma-separated")
      .String("subject", "", "the token's subject (default: dev-<role>[@<org>])")
      .Int("ttl_hours", 12, "hours until the token expires", 1, 24 * 366);
  civitas::DeclareJwtSettings(&schema);
  const civitas::Settings settings = civitas::LoadSettingsOrExit(schema, argc, argv);
  civitas::Principal p;
  std::string role = settings.String("role");
  for (absl::string_view r : absl::StrSplit(role, ',', absl::SkipEmpty())) {
    if (!civitas::IsKnownRole(r)) {
      std::cerr << "unknown role '" << r << "'\n";
      return 2;
    }
    p.roles.insert(std::string(r));
  }
  std::string org = settings.String("org");
  if (!org.empty() && !absl::StartsWith(org, "organizations/")) org = "organizations/" + org;
  p.organization = org;
  for (absl::string_view t :
       absl::StrSplit(settings.String("territories"), ',', absl::SkipEmpty())) {
    p.territories.push_back(absl::StartsWith(t, "territories/") ? std::string(t)
                                                                : "territories/" + std::string(t));
  }
  p.subject = settings.String("subject");
  if (p.subject.empty()) p.subject = "dev-" + role + (org.empty() ? "" : "@" + org);
  civitas::SystemClock clock;
  civitas::JwtCodec codec(civitas::JwtOptionsFrom(settings), &clock);
  std::cout << codec.Sign(p, absl::Hours(settings.Int("ttl_hours"))) << "\n";
  return 0;
}
