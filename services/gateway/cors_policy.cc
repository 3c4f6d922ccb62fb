#include "services/gateway/cors_policy.h"

namespace civitas::gateway {

HttpResponse CorsPolicy::Preflight() const {
  HttpResponse r;
  r.status = 204;
  r.SetHeader("Access-Control-Allow-Methods", "GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS");
  r.SetHeader("Access-Control-Allow-Headers",
              "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-API-Key, "
              "X-Request-Id");
  r.SetHeader("Access-Control-Max-Age", "600");
  return r;
}

void CorsPolicy::Decorate(HttpResponse* response) const {
  response->SetHeader("Access-Control-Allow-Origin", allowed_origin_);
  response->SetHeader("Access-Control-Expose-Headers", "ETag, Retry-After, X-Request-Id");
  if (allowed_origin_ != "*") response->SetHeader("Vary", "Origin");
}

}  // namespace civitas::gateway
