#include "libs/clients/retry_policy.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace civitas::clients {
namespace {

// Service config durations are decimal seconds with an `s`, e.g. `0.05s`.
std::string Seconds(absl::Duration d) { return absl::StrFormat("%.3fs", absl::ToDoubleSeconds(d)); }

}  // namespace

std::string RetryServiceConfig(const std::string& service,
                               const std::vector<std::string>& idempotent_methods,
                               const RetryPolicy& policy) {
  std::vector<std::string> names;
  names.reserve(idempotent_methods.size());
  for (const std::string& method : idempotent_methods) {
    names.push_back(absl::StrCat(R"({"service":")", service, R"(","method":")", method, R"("})"));
  }
  return absl::StrCat(R"({"methodConfig":[{"name":[)", absl::StrJoin(names, ","),
                      R"(],"retryPolicy":{)", R"("maxAttempts":)", policy.max_attempts,
                      R"(,"initialBackoff":")", Seconds(policy.initial_backoff),
                      R"(","maxBackoff":")", Seconds(policy.max_backoff),
                      R"(","backoffMultiplier":)", absl::StrFormat("%g", policy.backoff_multiplier),
                      R"(,"retryableStatusCodes":["UNAVAILABLE"]}}],)",
                      // gRFC A6 throttling: retries stop while more than half of recent calls fail.
                      R"("retryThrottling":{"maxTokens":10,"tokenRatio":0.1}})");
}

}  // namespace civitas::clients
