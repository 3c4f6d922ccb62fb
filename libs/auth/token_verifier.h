// TokenVerifier: turns a bearer token into a Principal. JwtCodec verifies; CachedTokenVerifier
// decorates any verifier with a cache of tokens already verified.
#pragma once

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "libs/auth/principal.h"
#include "libs/common/clock.h"

namespace civitas {

// Implementations are thread-safe.
class TokenVerifier {
 public:
  virtual ~TokenVerifier() = default;
  // UNAUTHENTICATED with a reason when the token is malformed, forged, expired or not ours.
  virtual absl::StatusOr<Principal> Verify(absl::string_view token) const = 0;
};

// CachedTokenVerifier remembers tokens that verified, until they expire, so a client sending the
// same token on every request pays for one signature check and one claims parse, not one per
// request. Refusals are not cached. At most `capacity` tokens; when full the cache starts over.
// Thread-safe; does not own the verifier or the clock.
class CachedTokenVerifier final : public TokenVerifier {
 public:
  CachedTokenVerifier(const TokenVerifier* inner, const Clock* clock, size_t capacity = 10000)
      : inner_(inner), clock_(clock), capacity_(capacity) {}
  absl::StatusOr<Principal> Verify(absl::string_view token) const override;

 private:
  const TokenVerifier* const inner_;
  const Clock* const clock_;
  const size_t capacity_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, Principal> cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace civitas
