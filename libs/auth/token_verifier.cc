#include "libs/auth/token_verifier.h"

namespace civitas {

absl::StatusOr<Principal> CachedTokenVerifier::Verify(absl::string_view token) const {
  const absl::Time now = clock_->Now();
  {
    absl::MutexLock lock(&mu_);
    auto it = cache_.find(token);
    if (it != cache_.end()) {
      if (it->second.expires_at > now) return it->second;
      cache_.erase(it);
    }
  }
  absl::StatusOr<Principal> principal = inner_->Verify(token);
  if (principal.ok()) {
    absl::MutexLock lock(&mu_);
    if (cache_.size() >= capacity_) cache_.clear();
    cache_.emplace(std::string(token), *principal);
  }
  return principal;
}

}  // namespace civitas
