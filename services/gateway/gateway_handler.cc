#include "services/gateway/gateway_handler.h"

#include <prometheus/text_serializer.h>

#include <atomic>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "libs/common/grpc_status.h"
#include "libs/server/server_interceptors.h"
#include "services/gateway/http_errors.h"
#include "services/gateway/transcoder.h"

namespace civitas::gateway {
namespace {

constexpr char kJson[] = "application/json";
constexpr char kProblemJson[] = "application/problem+json";

bool IsJsonContentType(const std::string& value) {
  std::string v = absl::AsciiStrToLower(value);
  return absl::StartsWith(v, "application/json") ||
         absl::StartsWith(v, "application/merge-patch+json");
}

}  // namespace

GatewayHandler::GatewayHandler(const RouteTable* routes, Backend* backends,
                               const GatewayAuthenticator* authenticator, GatewayMetrics* metrics,
                               prometheus::Registry* registry, JsonLogger* logger, IdGenerator* ids,
                               std::string openapi_json, GatewayOptions options)
    : routes_(routes),
      backends_(backends),
      authenticator_(authenticator),
      metrics_(metrics),
      registry_(registry),
      logger_(logger),
      ids_(ids),
      openapi_json_(std::move(openapi_json)),
      options_(std::move(options)) {}

HttpResponse GatewayHandler::Problem(int status, const std::string& code, const std::string& detail,
                                     const std::string& request_id,
                                     const std::vector<FieldViolation>& violations) const {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", kProblemJson);
  r.body = ProblemJson(status, code, detail, violations, request_id);
  return r;
}

void GatewayHandler::Finish(const std::string& route, const std::string& method,
                            const std::string& path, const std::string& request_id,
                            absl::Time start, HttpResponse response, const Done& done) {
  response.headers.emplace_back("X-Request-Id", request_id);
  response.headers.emplace_back("Access-Control-Allow-Origin", options_.cors_origin);
  response.headers.emplace_back("Access-Control-Expose-Headers", "ETag, X-Request-Id");
  if (options_.cors_origin != "*") response.headers.emplace_back("Vary", "Origin");
  absl::Duration latency = absl::Now() - start;
  metrics_->Observe(route, response.status, latency);
  logger_->Log(response.status >= 500 ? "error" : "info", "http",
               {{"method", method}, {"path", path}, {"route", route}, {"request_id", request_id}},
               {{"status", std::to_string(response.status)},
                {"duration_ms", absl::StrCat(absl::ToDoubleMilliseconds(latency))}});
  done(std::move(response));
  in_flight_.fetch_sub(1);
}

void GatewayHandler::Handle(const HttpRequest& request, Done done) {
  const absl::Time start = absl::Now();
  in_flight_.fetch_add(1);
  std::string request_id = request.Header("x-request-id");
  if (request_id.empty() || request_id.size() > 128) request_id = ids_->NewId();
  const std::string& target = request.target;
  size_t q = target.find('?');
  std::string path = target.substr(0, q);
  std::string query = q == std::string::npos ? "" : target.substr(q + 1);
  auto finish = [&](const std::string& route, HttpResponse r) {
    Finish(route, request.method, path, request_id, start, std::move(r), done);
  };

  if (request.method == "OPTIONS") {
    HttpResponse r;
    r.status = 204;
    r.headers = {
        {"Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE, OPTIONS"},
        {"Access-Control-Allow-Headers",
         "Authorization, Content-Type, If-Match, Idempotency-Key, X-API-Key, X-Request-Id"},
        {"Access-Control-Max-Age", "600"}};
    return finish("OPTIONS", std::move(r));
  }
  if (request.method == "GET" && path == "/healthz") {
    HttpResponse r;
    r.headers.emplace_back("Content-Type", kJson);
    r.body = R"({"status":"ok"})";
    return finish("/healthz", std::move(r));
  }
  if (request.method == "GET" && path == "/readyz") {
    return Readiness(request_id, start, std::move(done));
  }
  if (request.method == "GET" && path == "/metrics") {
    HttpResponse r;
    r.headers.emplace_back("Content-Type", "text/plain; version=0.0.4");
    r.body = prometheus::TextSerializer().Serialize(registry_->Collect());
    return finish("/metrics", std::move(r));
  }
  if (request.method == "GET" && path == "/openapi.json") {
    HttpResponse r;
    r.headers.emplace_back("Content-Type", kJson);
    r.body = openapi_json_;
    return finish("/openapi.json", std::move(r));
  }

  std::vector<std::string> allowed;
  auto match = routes_->Match(request.method, path, &allowed);
  if (!match.has_value()) {
    if (allowed.empty()) {
      return finish("unmatched",
                    Problem(404, "NOT_FOUND", absl::StrCat("no route for ", path), request_id));
    }
    HttpResponse r =
        Problem(405, "UNIMPLEMENTED", absl::StrCat(request.method, " is not supported on ", path),
                request_id);
    r.headers.emplace_back("Allow", absl::StrJoin(allowed, ", "));
    return finish("unmatched", std::move(r));
  }
  const Route& route = *match->route;
  if (!request.body.empty() && !route.body.empty() &&
      !IsJsonContentType(request.Header("content-type"))) {
    return finish(route.label, Problem(415, "INVALID_ARGUMENT",
                                       "request bodies must be application/json", request_id));
  }
  auto identity =
      authenticator_->Authenticate(request.Header("authorization"), request.Header("x-api-key"));
  if (!identity.ok()) {
    HttpResponse r =
        Problem(401, "UNAUTHENTICATED", std::string(identity.status().message()), request_id);
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"civitas\"");
    return finish(route.label, std::move(r));
  }
  TranscodeInput in{match->bindings, query, request.body, request.Header("if-match"),
                    request.Header("idempotency-key")};
  auto message = BuildRequest(route, in);
  if (!message.ok()) {
    return finish(route.label,
                  Problem(400, "INVALID_ARGUMENT", std::string(message.status().message()),
                          request_id, FieldViolationsOf(message.status())));
  }
  BackendCall call;
  call.service = route.method->service()->full_name();
  call.method = route.grpc_path;
  call.request = (*message)->SerializeAsString();
  call.metadata.push_back({"x-request-id", request_id, /*recurring=*/false});
  if (!identity->bearer_token.empty()) {
    // A caller's token recurs on every request it makes: HPACK sends it once per connection.
    call.metadata.push_back({"authorization", "Bearer " + identity->bearer_token, true});
  }
  call.deadline = options_.backend_deadline;
  // The callback may outlive this stack frame; copy what it needs.
  backends_->Call(std::move(call), [this, route_ptr = &route, method = request.method, path,
                                    request_id, start,
                                    done = std::move(done)](http2::CallResult result) {
    HttpResponse r;
    if (!result.status.ok()) {
      const grpc::Status& status = result.status;
      absl::Status s = FromGrpcStatus(status);
      r = Problem(result.backend_fault ? 502 : HttpStatusFromGrpc(status.error_code()),
                  GrpcCodeName(status.error_code()), status.error_message(), request_id,
                  FieldViolationsOf(s));
    } else {
      auto json = renderer_.Render(*route_ptr, result.response);
      if (!json.ok()) {
        r = Problem(502, "INTERNAL", "the backend sent a response that does not parse", request_id);
      } else {
        r.headers.emplace_back("Content-Type", kJson);
        if (!json->etag.empty())
          r.headers.emplace_back("ETag", absl::StrCat("\"", json->etag, "\""));
        r.body = std::move(json->json);
      }
    }
    Finish(route_ptr->label, method, path, request_id, start, std::move(r), done);
  });
}

void GatewayHandler::Readiness(const std::string& request_id, absl::Time start, Done done) {
  struct Pending {
    absl::Mutex mu;
    int remaining;
    bool all_ready = true;
    std::string body;
    Done done;
  };
  auto services = backends_->services();
  auto pending = std::make_shared<Pending>();
  pending->remaining = static_cast<int>(services.size());
  pending->done = std::move(done);
  auto complete = [this, pending, request_id, start]() {
    HttpResponse r;
    r.status = pending->all_ready ? 200 : 503;
    r.headers.emplace_back("Content-Type", kJson);
    r.body = absl::StrCat("{\"ready\":", pending->all_ready ? "true" : "false", ",\"backends\":{",
                          pending->body, "}}");
    Finish("/readyz", "GET", "/readyz", request_id, start, std::move(r), pending->done);
  };
  if (services.empty()) {
    complete();
    return;
  }
  for (const auto& service : services) {
    backends_->CheckHealth(
        service, absl::Seconds(2), [pending, service, complete](bool serving, std::string detail) {
          bool last = false;
          {
            absl::MutexLock lock(&pending->mu);
            if (!serving) pending->all_ready = false;
            absl::StrAppend(&pending->body, pending->body.empty() ? "" : ",", "\"", service,
                            "\":\"", serving ? "SERVING" : "NOT_SERVING", "\"");
            last = --pending->remaining == 0;
          }
          if (last) complete();
        });
  }
}

}  // namespace civitas::gateway
