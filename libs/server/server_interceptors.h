// gRPC server interceptors every Civitas service installs: per-method metrics, and one JSON log
// line per request carrying the correlation id propagated from the gateway (`x-request-id`).
#pragma once

#include <grpcpp/support/server_interceptor.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/common/json_log.h"

namespace civitas {

// Counts requests by method and code, and observes latency by method. Thread-safe factory.
class MetricsInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit MetricsInterceptorFactory(prometheus::Registry& registry);
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

  // One method's series, looked up once: prometheus-cpp hashes label sets under a lock on every
  // Add, too slow for every request.
  struct MethodSeries {
    prometheus::Histogram* latency = nullptr;
    std::array<prometheus::Counter*, 17> by_code{};
  };
  MethodSeries* SeriesFor(const std::string& method);
  prometheus::Counter* CounterFor(MethodSeries* series, const std::string& method,
                                  grpc::StatusCode code);

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodSeries>> series_ ABSL_GUARDED_BY(mu_);
};

// Writes `{"msg":"rpc","method":..,"code":..,"principal":..,"correlation_id":..,
// "duration_ms":..}` per call; the principal as `authenticator` (when given) sees the caller.
class LoggingInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit LoggingInterceptorFactory(JsonLogger* logger,
                                     const GrpcAuthenticator* authenticator = nullptr)
      : logger_(logger), authenticator_(authenticator) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  JsonLogger* const logger_;
  const GrpcAuthenticator* const authenticator_;
};

// Marks each call of a `civitas.*` method that is not annotated
// `(civitas.common.v1.allow_anonymous)` (kCredentialsRequiredMetadata), so that the service's
// GrpcAuthenticator refuses it without credentials, as the gateway does: without it such a read
// would answer an anonymous caller with the nothing it may see. Other methods (health,
// reflection) are left alone. Which methods need credentials is read once, from the descriptors
// of `services` (fully-qualified names), so a call costs one lock-free lookup. Thread-safe.
class CredentialsRequiredInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CredentialsRequiredInterceptorFactory(const std::vector<std::string>& services);
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  // `/package.Service/Method` -> `Method`, for the methods that need credentials.
  absl::flat_hash_map<std::string, std::string> methods_;
};

// Whether `method` (`/package.Service/Method`) is a Civitas method that needs credentials.
bool MethodRequiresCredentials(const std::string& method);

// The gRPC status code's canonical name, e.g. "NOT_FOUND".
const char* GrpcCodeName(grpc::StatusCode code);

}  // namespace civitas
