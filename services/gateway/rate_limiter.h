// RateLimiter: a token bucket per caller (a principal's subject, or an anonymous caller's
// address): `rate` requests per second on average, bursts up to `burst`. Callers over their rate
// get 429 with Retry-After. Thread-safe (sharded locks); idle buckets are dropped once full again,
// so memory follows the callers active in the last few seconds, not every caller ever seen.
#pragma once

#include <array>
#include <atomic>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace civitas::gateway {

struct RateLimitOptions {
  // Requests per second per caller; 0 turns limiting off.
  double rate = 0;
  // Bucket size: requests a caller may make at once after being idle.
  double burst = 0;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimitOptions options) : options_(options) {}

  bool enabled() const { return options_.rate > 0; }

  struct Decision {
    bool allowed = true;
    // When refused: how long until one request's token is back.
    absl::Duration retry_after = absl::ZeroDuration();
  };
  // Takes one token from `key`'s bucket at time `now`.
  Decision Take(const std::string& key, absl::Time now);

  // Buckets held (for tests and metrics).
  size_t size() const;

 private:
  struct Bucket {
    double tokens = 0;
    absl::Time updated;
  };
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<std::string, Bucket> buckets ABSL_GUARDED_BY(mu);
  };
  static constexpr size_t kShards = 16;
  // Every this many takes (over all shards) one shard, in turn, drops its refilled buckets, so
  // shards whose callers went quiet are swept too.
  static constexpr uint64_t kSweepEvery = 1024;

  void Sweep(Shard& shard, absl::Time now);

  const RateLimitOptions options_;
  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> takes_{0};
};

}  // namespace civitas::gateway
