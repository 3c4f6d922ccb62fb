// MetricsExposer: the process's Prometheus registry and its `/metrics` HTTP endpoint.
#pragma once

#include <prometheus/exposer.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/metrics/process_metrics.h"

namespace civitas {

// Owns the registry and the HTTP listener; thread-safe.
class MetricsExposer {
 public:
  // Binds `address` (`host:port`; port 0 picks a free one) and serves /metrics: the registry's
  // series and the process's own (ProcessCollector, `component` naming it in
  // civitas_build_info).
  static absl::StatusOr<std::unique_ptr<MetricsExposer>> Start(const std::string& address,
                                                               const std::string& component = "");
  prometheus::Registry& registry() { return *registry_; }
  std::shared_ptr<prometheus::Registry> shared_registry() { return registry_; }
  int port() const;

 private:
  MetricsExposer() = default;
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<ProcessCollector> process_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

// Latency buckets in seconds shared by every request histogram: 50us .. 10s.
const prometheus::Histogram::BucketBoundaries& LatencyBuckets();

}  // namespace civitas
