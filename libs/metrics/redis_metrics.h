// RedisMetrics: Redis round-trip counts and latency per command, as a RedisObserver.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "libs/redis/redis_client.h"

namespace civitas {

// Thread-safe (prometheus-cpp families are).
class RedisMetrics final : public RedisObserver {
 public:
  explicit RedisMetrics(prometheus::Registry& registry);
  void OnRoundTrip(absl::string_view command, absl::Duration latency, bool ok) override;

 private:
  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& latency_;
};

}  // namespace civitas
