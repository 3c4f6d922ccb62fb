// JwksKeySet: an identity provider's signing keys, fetched from its JWK Set (a URL or a file),
// kept and refreshed without a restart: when they are older than `max_age`, and when a token
// names a key id the set does not hold (the provider rotated), at most once per
// `refetch_interval` so that tokens with made-up key ids cannot make Civitas hammer the
// provider. A fetch runs on the thread of the token that needed it (bounded by the fetcher's
// timeout); other callers never wait for it. A failed refresh keeps the keys it has.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/auth/jwk.h"
#include "libs/common/clock.h"

namespace civitas {

struct JwksKeySetOptions {
  absl::Duration max_age = absl::Minutes(15);
  absl::Duration refetch_interval = absl::Seconds(30);
};

// Thread-safe. Does not own the clock.
class JwksKeySet {
 public:
  // The key set's document, e.g. read from a file or fetched from a URL.
  using Fetcher = std::function<absl::StatusOr<std::string>()>;
  // Reports each fetch that failed or skipped keys (for the process's log).
  using Reporter = std::function<void(const std::string& problem)>;

  JwksKeySet(Fetcher fetch, const Clock* clock, JwksKeySetOptions options,
             Reporter report = nullptr);

  // Fetches now; the error of the fetch or parse, if any (the keys stay as they were).
  absl::Status Refresh();
  // The key for a token whose header names `kid` ("" when it names none: then the one key of
  // the set that accepts `alg`) and `alg`. UNAUTHENTICATED when there is none after the
  // refresh the rules allow.
  absl::StatusOr<std::shared_ptr<const PublicJwk>> Find(absl::string_view kid, JwsAlgorithm alg);
  // How many fetches were made, for tests and metrics.
  int64_t fetches() const;

 private:
  std::shared_ptr<const PublicJwk> Lookup(const PublicJwkSet& set, absl::string_view kid,
                                          JwsAlgorithm alg) const;
  absl::Status RefreshLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(fetch_mu_);

  const Fetcher fetch_;
  const Clock* const clock_;
  const JwksKeySetOptions options_;
  const Reporter report_;
  // Held for the length of a fetch: one fetch at a time; Find only tries it, never waits.
  absl::Mutex fetch_mu_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const PublicJwkSet> keys_ ABSL_GUARDED_BY(mu_);
  absl::Time fetched_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Time attempted_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  int64_t fetches_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace civitas
