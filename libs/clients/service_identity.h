// ServiceIdentity: how one Civitas service proves who it is to another. It signs a bearer token
// for its own principal (`services/<name>`, with the roles the deployment gives it) with the
// shared JWT secret, the same credential the gateway issues for people, so the callee authorizes
// it with the rules it already has. Tokens are cached and renewed at half their lifetime.
#pragma once

#include <set>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/auth/jwt.h"
#include "libs/auth/principal.h"
#include "libs/common/clock.h"

namespace civitas::clients {

// Thread-safe; does not own the codec or clock.
class ServiceIdentity {
 public:
  // `name`, e.g. `grants`, becomes the subject `services/grants`.
  ServiceIdentity(std::string name, std::set<std::string> roles, const JwtCodec* jwt,
                  const Clock* clock, absl::Duration token_ttl = absl::Minutes(10));

  const std::string& name() const { return name_; }
  const Principal& principal() const { return principal_; }
  // `Bearer <token>`, the value of the `authorization` metadata.
  std::string Authorization();

 private:
  const std::string name_;
  const Principal principal_;
  const JwtCodec* const jwt_;
  const Clock* const clock_;
  const absl::Duration token_ttl_;
  absl::Mutex mu_;
  std::string authorization_ ABSL_GUARDED_BY(mu_);
  absl::Time renew_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace civitas::clients
