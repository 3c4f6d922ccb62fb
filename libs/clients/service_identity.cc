#include "libs/clients/service_identity.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace civitas::clients {
namespace {

Principal ServicePrincipal(const std::string& name, std::set<std::string> roles) {
  Principal p;
  p.subject = absl::StrCat("services/", name);
  p.roles = std::move(roles);
  return p;
}

}  // namespace

ServiceIdentity::ServiceIdentity(std::string name, std::set<std::string> roles, const JwtCodec* jwt,
                                 const Clock* clock, absl::Duration token_ttl)
    : name_(std::move(name)),
      principal_(ServicePrincipal(name_, std::move(roles))),
      jwt_(jwt),
      clock_(clock),
      token_ttl_(token_ttl) {}

std::string ServiceIdentity::Authorization() {
  absl::Time now = clock_->Now();
  absl::MutexLock lock(&mu_);
  if (now >= renew_at_) {
    authorization_ = absl::StrCat("Bearer ", jwt_->Sign(principal_, token_ttl_));
    renew_at_ = now + token_ttl_ / 2;
  }
  return authorization_;
}

}  // namespace civitas::clients
