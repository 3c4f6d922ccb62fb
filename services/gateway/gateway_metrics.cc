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
                   .Register(registry)),
      backend_calls_(prometheus::BuildCounter()
                         .Name("civitas_gateway_backend_calls_total")
                         .Help("gRPC calls the gateway made, by backend service and status code")
                         .Register(registry)),
      backend_latency_(prometheus::BuildHistogram()
                           .Name("civitas_gateway_backend_call_duration_seconds")
                           .Help("latency of the gateway's gRPC calls by backend service")
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

void GatewayMetrics::ObserveBackend(const std::string& backend, const std::string& code,
                                    absl::Duration latency) {
  prometheus::Histogram* histogram = nullptr;
  prometheus::Counter* counter = nullptr;
  {
    absl::MutexLock lock(&mu_);
    BackendSeries& series = backends_[backend];
    if (series.latency == nullptr) {
      series.latency = &backend_latency_.Add({{"backend", backend}}, civitas::LatencyBuckets());
    }
    auto& c = series.by_code[code];
    if (c == nullptr) c = &backend_calls_.Add({{"backend", backend}, {"code", code}});
    histogram = series.latency;
    counter = c;
  }
  counter->Increment();
  histogram->Observe(absl::ToDoubleSeconds(latency));
}

}  // namespace civitas::gateway
