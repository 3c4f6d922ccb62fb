// RetryPolicy: which calls of a gRPC service a client may retry, and how, written as the
// channel's service config so that gRPC itself retries (gRFC A6): only the listed idempotent
// methods, only on UNAVAILABLE, at most `max_attempts` times, with exponential backoff and full
// jitter, within the call's one deadline, and throttled when most calls to the server fail (so
// that retries cannot multiply an outage's load).
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace civitas::clients {

struct RetryPolicy {
  // Attempts in all, the first included (gRPC caps it at 5).
  int max_attempts = 3;
  absl::Duration initial_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(1);
  double backoff_multiplier = 2.0;
};

// The service config JSON: `service` is the full name (e.g.
// `civitas.registry.v1.RegistryService`), `idempotent_methods` its methods that may be retried.
std::string RetryServiceConfig(const std::string& service,
                               const std::vector<std::string>& idempotent_methods,
                               const RetryPolicy& policy);

}  // namespace civitas::clients
