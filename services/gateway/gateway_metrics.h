// GatewayMetrics: per-route request counts (by status) and latency histograms.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace civitas::gateway {

// Thread-safe.
class GatewayMetrics {
 public:
  explicit GatewayMetrics(prometheus::Registry& registry);
  void Observe(const std::string& route, int status, absl::Duration latency);

 private:
  // A route's series, looked up once (prometheus-cpp hashes label sets under a lock per Add).
  struct RouteSeries {
    prometheus::Histogram* latency = nullptr;
    absl::flat_hash_map<int, prometheus::Counter*> by_status;
  };

  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, RouteSeries> series_ ABSL_GUARDED_BY(mu_);
};

}  // namespace civitas::gateway
