// GatewayHandler: one HTTP request in, one HTTP response out (asynchronously): CORS, health and
// readiness, /metrics, /openapi.json, route matching, authentication, transcoding, the backend
// call, and errors as problem+json. Holds no domain logic.
#pragma once

#include <prometheus/registry.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "libs/common/field_violations.h"
#include "libs/common/id_generator.h"
#include "libs/common/json_log.h"
#include "services/gateway/backend_pool.h"
#include "services/gateway/gateway_authenticator.h"
#include "services/gateway/gateway_metrics.h"
#include "services/gateway/http_types.h"
#include "services/gateway/route_table.h"
#include "services/gateway/transcoder.h"

namespace civitas::gateway {

struct GatewayOptions {
  // Access-Control-Allow-Origin for browser frontends.
  std::string cors_origin = "*";
  absl::Duration backend_deadline = absl::Seconds(10);
};

// One per event loop: calls its loop's BackendPool and completes on that loop's thread. Owns
// nothing; what it shares with other loops' handlers (routes, authenticator, metrics, logger,
// ids) is thread-safe.
class GatewayHandler {
 public:
  using Done = std::function<void(HttpResponse)>;

  GatewayHandler(const RouteTable* routes, Backend* backends,
                 const GatewayAuthenticator* authenticator, GatewayMetrics* metrics,
                 prometheus::Registry* registry, JsonLogger* logger, IdGenerator* ids,
                 std::string openapi_json, GatewayOptions options);

  // `done` is called exactly once, on this loop's thread (possibly before Handle returns).
  void Handle(const HttpRequest& request, Done done);
  // Requests handed to Handle whose `done` has not run yet (for draining on shutdown).
  int in_flight() const { return in_flight_.load(); }

 private:
  void Finish(const std::string& route, const std::string& method, const std::string& path,
              const std::string& request_id, absl::Time start, HttpResponse response,
              const Done& done);
  HttpResponse Problem(int status, const std::string& code, const std::string& detail,
                       const std::string& request_id,
                       const std::vector<FieldViolation>& violations = {}) const;
  void Readiness(const std::string& request_id, absl::Time start, Done done);

  const RouteTable* const routes_;
  Backend* const backends_;
  const GatewayAuthenticator* const authenticator_;
  GatewayMetrics* const metrics_;
  prometheus::Registry* const registry_;
  JsonLogger* const logger_;
  IdGenerator* const ids_;
  const std::string openapi_json_;
  const GatewayOptions options_;
  const ResponseRenderer renderer_;
  std::atomic<int> in_flight_{0};
};

}  // namespace civitas::gateway
