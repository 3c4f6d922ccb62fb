// GatewayMetrics: per-route request counts (by status) and latency histograms.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string>

#include "absl/time/time.h"

namespace civitas::gateway {

// Thread-safe.
class GatewayMetrics {
 public:
  explicit GatewayMetrics(prometheus::Registry& registry);
  void Observe(const std::string& route, int status, absl::Duration latency);

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
};

}  // namespace civitas::gateway
