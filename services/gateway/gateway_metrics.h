// GatewayMetrics: per-route request counts (by status) and latency histograms, and the same per
// backend (gRPC service) for the calls the gateway makes: which backend is slow or failing.
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
  // One backend call of `backend` (e.g. civitas.registry.v1.RegistryService) that ended with
  // gRPC status `code` (by name).
  void ObserveBackend(const std::string& backend, const std::string& code, absl::Duration latency);

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
  prometheus::Family<prometheus::Counter>& backend_calls_;
  prometheus::Family<prometheus::Histogram>& backend_latency_;
  struct BackendSeries {
    prometheus::Histogram* latency = nullptr;
    absl::flat_hash_map<std::string, prometheus::Counter*> by_code;
  };
  absl::flat_hash_map<std::string, BackendSeries> backends_ ABSL_GUARDED_BY(mu_);
};

}  // namespace civitas::gateway
