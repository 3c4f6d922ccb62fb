#include "services/gateway/builtin_endpoints.h"

#include <prometheus/text_serializer.h>

#include <memory>

#include "absl/strings/str_cat.h"

namespace civitas::gateway {
namespace {

constexpr char kJson[] = "application/json";

HttpResponse Json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.SetHeader("Content-Type", kJson);
  r.body = std::move(body);
  return r;
}

}  // namespace

std::string BuiltinEndpoints::LabelOf(const std::string& method, const std::string& path) {
  if (method != "GET" && method != "HEAD") return "";
  if (path == "/healthz" || path == "/readyz" || path == "/metrics" || path == "/openapi.json") {
    return path;
  }
  return "";
}

void BuiltinEndpoints::Handle(const std::string& path, std::function<void(HttpResponse)> done) {
  if (path == "/healthz") return done(Json(200, R"({"status":"ok"})"));
  if (path == "/readyz") return Readiness(std::move(done));
  if (path == "/metrics") {
    HttpResponse r;
    r.SetHeader("Content-Type", "text/plain; version=0.0.4");
    std::vector<prometheus::MetricFamily> families = registry_->Collect();
    for (auto& family : process_.Collect()) families.push_back(std::move(family));
    r.body = prometheus::TextSerializer().Serialize(families);
    return done(std::move(r));
  }
  done(Json(200, openapi_json_));
}

void BuiltinEndpoints::Readiness(std::function<void(HttpResponse)> done) {
  if (draining_.load(std::memory_order_acquire)) {
    return done(Json(503, R"({"ready":false,"draining":true})"));
  }
  // Every backend completes on this loop's thread: no locks.
  struct Pending {
    size_t remaining = 0;
    bool all_ready = true;
    std::string body;
    std::function<void(HttpResponse)> done;
  };
  const std::vector<std::string> services = backend_->services();
  auto pending = std::make_shared<Pending>();
  pending->remaining = services.size();
  pending->done = std::move(done);
  for (const std::string& service : unconfigured_) {
    pending->all_ready = false;
    absl::StrAppend(&pending->body, pending->body.empty() ? "" : ",", "\"", service,
                    "\":\"NOT_CONFIGURED\"");
  }
  auto complete = [pending] {
    pending->done(Json(pending->all_ready ? 200 : 503,
                       absl::StrCat("{\"ready\":", pending->all_ready ? "true" : "false",
                                    ",\"backends\":{", pending->body, "}}")));
  };
  if (services.empty()) return complete();
  for (const auto& service : services) {
    backend_->CheckHealth(
        service, absl::Seconds(2), [pending, service, complete](bool serving, std::string) {
          if (!serving) pending->all_ready = false;
          absl::StrAppend(&pending->body, pending->body.empty() ? "" : ",", "\"", service, "\":\"",
                          serving ? "SERVING" : "NOT_SERVING", "\"");
          if (--pending->remaining == 0) complete();
        });
  }
}

}  // namespace civitas::gateway
