// BuiltinEndpoints: the gateway's own endpoints, answered without a route: /healthz (the process
// is up), /readyz (every backend answers its gRPC health check as SERVING), /metrics
// (Prometheus) and /openapi.json. One per event loop (readiness asks that loop's backends).
#pragma once

#include <prometheus/registry.h>

#include <functional>
#include <string>

#include "services/gateway/backend_pool.h"
#include "services/gateway/http_types.h"

namespace civitas::gateway {

class BuiltinEndpoints {
 public:
  BuiltinEndpoints(Backend* backend, prometheus::Registry* registry, std::string openapi_json)
      : backend_(backend), registry_(registry), openapi_json_(std::move(openapi_json)) {}

  // The route label when `method path` is a built-in endpoint (GET or HEAD), else empty.
  static std::string LabelOf(const std::string& method, const std::string& path);
  // Answers the built-in endpoint `path` (LabelOf said it is one); `done` runs once, on this
  // loop's thread, possibly before Handle returns.
  void Handle(const std::string& path, std::function<void(HttpResponse)> done);

 private:
  void Readiness(std::function<void(HttpResponse)> done);

  Backend* const backend_;
  prometheus::Registry* const registry_;
  const std::string openapi_json_;
};

}  // namespace civitas::gateway
