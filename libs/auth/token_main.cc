// civitas-token: prints a development bearer token (`make token ROLE=cso ORG=organizations/x`).
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "libs/auth/jwt.h"
#include "libs/common/settings.h"

int main(int argc, char** argv) {
  auto settings = civitas::Settings::Parse(argc, argv);
  if (!settings.ok()) {
    std::cerr << settings.status().message() << "\n";
    return 2;
  }
  civitas::Principal p;
  std::string role = settings->String("role", "admin");
  for (absl::string_view r : absl::StrSplit(role, ',', absl::SkipEmpty())) {
    if (!civitas::IsKnownRole(r)) {
      std::cerr << "unknown role '" << r << "'\n";
      return 2;
    }
    p.roles.insert(std::string(r));
  }
  std::string org = settings->String("org", "");
  if (!org.empty() && !absl::StartsWith(org, "organizations/")) org = "organizations/" + org;
  p.organization = org;
  for (absl::string_view t :
       absl::StrSplit(settings->String("territories", ""), ',', absl::SkipEmpty())) {
    p.territories.push_back(absl::StartsWith(t, "territories/") ? std::string(t)
                                                                : "territories/" + std::string(t));
  }
  p.subject = settings->String("subject", "dev-" + role + (org.empty() ? "" : "@" + org));
  auto ttl = settings->Int("ttl_hours", 12);
  if (!ttl.ok()) {
    std::cerr << ttl.status().message() << "\n";
    return 2;
  }
  civitas::SystemClock clock;
  civitas::JwtCodec codec({settings->String("jwt_secret", "civitas-dev-secret-change-me"),
                           settings->String("jwt_issuer", "civitas")},
                          &clock);
  std::cout << codec.Sign(p, absl::Hours(*ttl)) << "\n";
  return 0;
}
