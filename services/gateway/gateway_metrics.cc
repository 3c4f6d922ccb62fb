#include "services/gateway/gateway_metrics.h"

#include "libs/metrics/metrics_exposer.h"

namespace civitas::gateway {

GatewayMetrics::GatewayMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("civitas_http_requests_total")
                    .Help("HTTP requests by route and status")
                    .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("civitas_http_request_duration_seconds")
                   .Help("HTTP request latency by route")
                   .Register(registry)) {}

void GatewayMetrics::Observe(const std::string& route, int status, absl::Duration latency) {
  prometheus::Histogram* histogram = nullptr;
  prometheus::Counter* counter = nullptr;
  {
    absl::MutexLock lock(&mu_);
    RouteSeries& series = series_[route];
    if (series.latency == nullptr) {
      series.latency = &latency_.Add({{"route", route}}, civitas::LatencyBuckets());
    }
    auto& c = series.by_status[status];
    if (c == nullptr) {
      c = &requests_.Add({{"route", route}, {"status", std::to_string(status)}});
    }
    histogram = series.latency;
    counter = c;
  }
  counter->Increment();
  histogram->Observe(absl::ToDoubleSeconds(latency));
}

}  // namespace civitas::gateway
