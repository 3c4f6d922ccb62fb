#include "services/gateway/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace civitas::gateway {

RateLimiter::Decision RateLimiter::Take(const std::string& key, absl::Time now) {
  if (!enabled()) return {};
  if (const uint64_t n = takes_.fetch_add(1) + 1; n % kSweepEvery == 0) {
    Sweep(shards_[(n / kSweepEvery) % kShards], now);
  }
  Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
  absl::MutexLock lock(&shard.mu);
  auto [it, inserted] = shard.buckets.try_emplace(key, Bucket{options_.burst, now});
  Bucket& bucket = it->second;
  if (!inserted && now > bucket.updated) {
    bucket.tokens =
        std::min(options_.burst,
                 bucket.tokens + absl::ToDoubleSeconds(now - bucket.updated) * options_.rate);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return {};
  }
  return {false, absl::Seconds((1 - bucket.tokens) / options_.rate)};
}

void RateLimiter::Sweep(Shard& shard, absl::Time now) {
  absl::MutexLock lock(&shard.mu);
  // A bucket that has refilled holds nothing worth keeping: a new one starts full.
  absl::erase_if(shard.buckets, [&](const auto& entry) {
    const Bucket& b = entry.second;
    return b.tokens + absl::ToDoubleSeconds(now - b.updated) * options_.rate >= options_.burst;
  });
}

size_t RateLimiter::size() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    n += shard.buckets.size();
  }
  return n;
}

}  // namespace civitas::gateway
