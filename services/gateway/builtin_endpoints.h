// BuiltinEndpoints: the gateway's own endpoints, answered without a route: /healthz (the process
// is up), /readyz (every service of services/services.list has a backend, and every backend
// answers its gRPC health check as SERVING), /metrics
// (Prometheus) and /openapi.json. One per event loop (readiness asks that loop's backends).
#pragma once

#include <prometheus/registry.h>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "libs/metrics/process_metrics.h"
#include "services/gateway/backend_pool.h"
#include "services/gateway/http_types.h"

namespace civitas::gateway {

class BuiltinEndpoints {
 public:
  // `unconfigured`: gRPC services of the declared services that have no backend (readiness
  // reports them NOT_CONFIGURED and is never ready while there are any).
  BuiltinEndpoints(Backend* backend, prometheus::Registry* registry, std::string openapi_json,
                   std::vector<std::string> unconfigured = {})
      : backend_(backend),
        registry_(registry),
        process_("gateway"),
        openapi_json_(std::move(openapi_json)),
        unconfigured_(std::move(unconfigured)) {}

  // The route label when `method path` is a built-in endpoint (GET or HEAD), else empty.
  static std::string LabelOf(const std::string& method, const std::string& path);
  // Answers the built-in endpoint `path` (LabelOf said it is one); `done` runs once, on this
  // loop's thread, possibly before Handle returns.
  void Handle(const std::string& path, std::function<void(HttpResponse)> done);
  // From now on /readyz answers 503 `{"ready":false,"draining":true}`: the process was told to
  // stop, and whatever balances traffic over gateways should send new requests elsewhere.
  // Thread-safe.
  void StartDraining() { draining_.store(true, std::memory_order_release); }

 private:
  void Readiness(std::function<void(HttpResponse)> done);

  Backend* const backend_;
  prometheus::Registry* const registry_;
  // process_* and civitas_build_info, read when scraped.
  ProcessCollector process_;
  const std::string openapi_json_;
  const std::vector<std::string> unconfigured_;
  std::atomic<bool> draining_{false};
};

}  // namespace civitas::gateway
