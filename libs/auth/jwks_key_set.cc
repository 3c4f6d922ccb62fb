#include "libs/auth/jwks_key_set.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/auth/jws.h"

namespace civitas {

JwksKeySet::JwksKeySet(Fetcher fetch, const Clock* clock, JwksKeySetOptions options,
                       Reporter report)
    : fetch_(std::move(fetch)),
      clock_(clock),
      options_(options),
      report_(std::move(report)),
      keys_(std::make_shared<const PublicJwkSet>()) {}

absl::Status JwksKeySet::Refresh() {
  absl::MutexLock fetching(&fetch_mu_);
  return RefreshLocked();
}

absl::Status JwksKeySet::RefreshLocked() {
  {
    absl::MutexLock lock(&mu_);
    attempted_at_ = clock_->Now();
    ++fetches_;
  }
  absl::StatusOr<PublicJwkSet> parsed = [&]() -> absl::StatusOr<PublicJwkSet> {
    auto document = fetch_();
    if (!document.ok()) return document.status();
    return ParsePublicJwkSet(*document);
  }();
  if (!parsed.ok()) {
    if (report_)
      report_(absl::StrCat("identity provider keys not refreshed: ", parsed.status().message()));
    return parsed.status();
  }
  if (!parsed->skipped.empty() && report_) {
    report_(absl::StrCat("identity provider keys skipped: ", absl::StrJoin(parsed->skipped, "; ")));
  }
  absl::MutexLock lock(&mu_);
  keys_ = std::make_shared<const PublicJwkSet>(*std::move(parsed));
  fetched_at_ = clock_->Now();
  return absl::OkStatus();
}

std::shared_ptr<const PublicJwk> JwksKeySet::Lookup(const PublicJwkSet& set, absl::string_view kid,
                                                    JwsAlgorithm alg) const {
  std::shared_ptr<const PublicJwk> only;
  int candidates = 0;
  for (const auto& key : set.keys) {
    if (!key->Accepts(alg)) continue;
    if (!kid.empty()) {
      if (key->kid() == kid) return key;
      continue;
    }
    only = key;
    ++candidates;
  }
  // Without a kid, only a set with one key for the alg says which key signed.
  return candidates == 1 ? only : nullptr;
}

absl::StatusOr<std::shared_ptr<const PublicJwk>> JwksKeySet::Find(absl::string_view kid,
                                                                  JwsAlgorithm alg) {
  std::shared_ptr<const PublicJwkSet> keys;
  bool stale = false;
  {
    absl::MutexLock lock(&mu_);
    keys = keys_;
    stale = clock_->Now() - fetched_at_ >= options_.max_age &&
            clock_->Now() - attempted_at_ >= options_.refetch_interval;
  }
  // Old keys: one caller refreshes, the others go on with what there is.
  if (stale && fetch_mu_.TryLock()) {
    (void)RefreshLocked();
    fetch_mu_.Unlock();
    absl::MutexLock lock(&mu_);
    keys = keys_;
  }
  if (auto key = Lookup(*keys, kid, alg); key != nullptr) return key;
  // An unknown key: refresh if the last attempt is old enough and no fetch is under way (a
  // caller never waits on another's fetch: tokens naming made-up keys must not queue requests
  // behind a slow provider).
  if (fetch_mu_.TryLock()) {
    bool may_fetch = false;
    {
      absl::MutexLock lock(&mu_);
      may_fetch = clock_->Now() - attempted_at_ >= options_.refetch_interval;
      keys = keys_;
    }
    if (Lookup(*keys, kid, alg) == nullptr && may_fetch && RefreshLocked().ok()) {
      absl::MutexLock lock(&mu_);
      keys = keys_;
    }
    fetch_mu_.Unlock();
  } else {
    absl::MutexLock lock(&mu_);
    keys = keys_;
  }
  if (auto key = Lookup(*keys, kid, alg); key != nullptr) return key;
  return InvalidToken(kid.empty() ? absl::StrCat("no kid, and not one ", JwsAlgorithmName(alg),
                                                 " key of the identity provider to check it")
                                  : absl::StrCat("unknown kid '", kid.substr(0, 64), "' for ",
                                                 JwsAlgorithmName(alg)));
}

int64_t JwksKeySet::fetches() const {
  absl::MutexLock lock(&mu_);
  return fetches_;
}

}  // namespace civitas
