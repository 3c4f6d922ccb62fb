// ServiceRuntime: what every Civitas service's main.cc builds the same way around its own parts:
// the /metrics exposer, Redis storage (ServiceStorage), the clock and id generator, the JWT codec
// with its cached verifier and the gRPC authenticator, the writer threads, and the gRPC server
// (GrpcServerRunner) whose readiness is a Redis ping. main.cc opens it from the settings, builds
// its clients, records and gRPC service on it, then Serve()s, and on a termination signal
// StopServing()s, stops its own workers and StopBackground()s.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/auth/jwt.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/clock.h"
#include "libs/common/id_generator.h"
#include "libs/common/json_log.h"
#include "libs/common/settings.h"
#include "libs/metrics/metrics_exposer.h"
#include "libs/server/blocking_executor.h"
#include "libs/server/grpc_server_runner.h"
#include "libs/server/service_storage.h"

namespace civitas {

// Owns everything it builds (members in the order they are built); does not own the logger.
// Serve, StopServing and StopBackground from main's thread.
class ServiceRuntime {
 public:
  // From the settings DeclareServiceSettings declares and `write_threads`; `health_service_name`
  // is the gRPC service the health service reports (e.g. `civitas.grants.v1.GrantsService`).
  // An error when the metrics address cannot be bound or the Redis settings are unusable.
  static absl::StatusOr<std::unique_ptr<ServiceRuntime>> Open(const Settings& settings,
                                                              std::string health_service_name,
                                                              JsonLogger* logger);

  DocumentStore& store() { return *storage_->store(); }
  RedisClient& redis() { return storage_->redis(); }
  MetricsExposer& metrics() { return *metrics_; }
  const Clock& clock() const { return clock_; }
  IdGenerator& ids() { return ids_; }
  JwtCodec& jwt() { return jwt_; }
  const GrpcAuthenticator& authenticator() const { return authenticator_; }
  // Runs the writes (they wait on Redis's fsync, and on other services): enough threads in
  // flight keep gRPC's own threads free and let Redis fsync many writes together.
  BlockingExecutor& writers() { return writers_; }

  // Starts serving `service` (with health and reflection) and the outbox retention.
  absl::Status Serve(grpc::Service* service);
  // Stops taking calls and waits for those in flight.
  void StopServing();
  // Stops the outbox retention: last, after the service's own workers.
  void StopBackground();

 private:
  ServiceRuntime(const Settings& settings, std::string health_service_name, JsonLogger* logger,
                 std::unique_ptr<MetricsExposer> metrics, std::unique_ptr<ServiceStorage> storage);

  std::unique_ptr<MetricsExposer> metrics_;
  std::unique_ptr<ServiceStorage> storage_;
  SystemClock clock_;
  RandomIdGenerator ids_;
  JwtCodec jwt_;
  CachedTokenVerifier verifier_;
  GrpcAuthenticator authenticator_;
  BlockingExecutor writers_;
  GrpcServerRunner runner_;
};

}  // namespace civitas
