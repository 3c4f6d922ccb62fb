// CorsPolicy: what browser frontends on another origin need: preflight answers and the headers
// every response carries. Immutable; thread-safe.
#pragma once

#include <string>

#include "services/gateway/http_types.h"

namespace civitas::gateway {

class CorsPolicy {
 public:
  // `allowed_origin` is `*` or one origin (then responses vary by Origin).
  explicit CorsPolicy(std::string allowed_origin) : allowed_origin_(std::move(allowed_origin)) {}

  // The answer to an OPTIONS preflight.
  HttpResponse Preflight() const;
  // Adds the CORS headers to a response.
  void Decorate(HttpResponse* response) const;

 private:
  const std::string allowed_origin_;
};

}  // namespace civitas::gateway
