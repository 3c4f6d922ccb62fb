// GatewayHandler: one HTTP request in, one HTTP response out (asynchronously), in steps that each
// live in their own unit: CORS preflight (CorsPolicy), built-in endpoints (BuiltinEndpoints),
// routing (RouteTable), authentication (GatewayAuthenticator), rate limiting (RateLimiter),
// transcoding (BuildRequest), the backend call (Backend) and rendering (ResponseRenderer,
// StreamedResponse, conditional requests), with errors as problem+json. Holds no domain logic.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "libs/common/field_violations.h"
#include "libs/common/id_generator.h"
#include "libs/common/json_log.h"
#include "services/gateway/backend_pool.h"
#include "services/gateway/builtin_endpoints.h"
#include "services/gateway/cors_policy.h"
#include "services/gateway/gateway_authenticator.h"
#include "services/gateway/gateway_metrics.h"
#include "services/gateway/http_types.h"
#include "services/gateway/rate_limiter.h"
#include "services/gateway/response_renderer.h"
#include "services/gateway/route_table.h"
#include "services/gateway/trusted_proxies.h"

namespace civitas::gateway {

struct GatewayOptions {
  // Access-Control-Allow-Origin for browser frontends.
  std::string cors_origin = "*";
  absl::Duration backend_deadline = absl::Seconds(10);
  // Server-streaming calls (exports) run longer than one request.
  absl::Duration stream_deadline = absl::Minutes(30);
};

// What a handler uses, all owned elsewhere. Shared ones (routes, authenticator, limiter,
// metrics, logger, ids) are thread-safe; `backend` and `builtins` belong to this loop.
struct GatewayDeps {
  const RouteTable* routes;
  Backend* backend;
  BuiltinEndpoints* builtins;
  const GatewayAuthenticator* authenticator;
  RateLimiter* limiter;
  // Peers whose X-Forwarded-For names the client (anonymous callers are limited per client).
  const TrustedProxies* proxies;
  GatewayMetrics* metrics;
  JsonLogger* logger;
  IdGenerator* ids;
  // Time source of the rate limiter (tests pass a fixed clock).
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

// One per event loop: calls its loop's backend and completes on that loop's thread.
class GatewayHandler {
 public:
  using Done = std::function<void(HttpResponse)>;

  GatewayHandler(GatewayDeps deps, GatewayOptions options);

  // `done` is called exactly once, on this loop's thread (possibly before Handle returns).
  void Handle(const HttpRequest& request, Done done);
  // Answers a request the HTTP layer could not take (413, 431, malformed) as every other problem:
  // request id, CORS, metrics and log. `request` holds what was parsed (possibly nothing).
  void Reject(const HttpRequest& request, int status, const std::string& detail, Done done);
  // Whether `method` `target` is an upload (a route of a client-streaming method) by a caller
  // whose credentials (`authorization`, `api_key` headers) are valid: its body may be larger.
  bool IsUpload(const std::string& method, const std::string& target,
                const std::string& authorization, const std::string& api_key) const;
  // Requests handed to Handle whose `done` has not run yet (for draining on shutdown).
  int in_flight() const { return in_flight_.load(); }

  // The correlation id to use: the caller's X-Request-Id when it is 1-128 characters of
  // [A-Za-z0-9._:-] (it travels in logs and gRPC metadata), else a new one.
  static std::string CorrelationIdOf(const std::string& header, IdGenerator* ids);

 private:
  struct Exchange;
  void Finish(const std::shared_ptr<Exchange>& exchange, HttpResponse response);
  void CallBackend(const std::shared_ptr<Exchange>& exchange, const Route* route, BackendCall call);
  HttpResponse FailedCall(const Exchange& exchange, const http2::CallResult& result) const;

  const GatewayDeps deps_;
  const GatewayOptions options_;
  const CorsPolicy cors_;
  const ResponseRenderer renderer_;
  std::atomic<int> in_flight_{0};
};

// A problem+json response.
HttpResponse ProblemResponse(int status, const std::string& code, const std::string& detail,
                             const std::string& correlation_id,
                             const std::vector<FieldViolation>& violations = {});

}  // namespace civitas::gateway
