// GrpcServerRunner: starts a service's gRPC server the Civitas way: health service that follows a
// readiness probe (Redis reachable), server reflection, metrics and logging interceptors, an
// optional ready file with the bound ports, and a drain on shutdown.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/common/json_log.h"
#include "libs/metrics/metrics_exposer.h"
#include "libs/server/grpc_tls_settings.h"

namespace civitas {

struct GrpcServerOptions {
  // `host:port`; port 0 picks a free port (see port()).
  std::string address = "127.0.0.1:0";
  // When set, `{"grpc_port":N,"metrics_port":M}` is written there once serving.
  std::string ready_file;
  // Fully-qualified gRPC service names reported by the health service; their methods not
  // annotated allow_anonymous refuse callers without credentials.
  std::vector<std::string> health_service_names;
  absl::Duration probe_interval = absl::Seconds(1);
  // After SIGTERM: NOT_SERVING at once, calls still taken for `drain_delay` (while clients and
  // load balancers move away), then no new calls and up to `drain_timeout` for those in flight.
  absl::Duration drain_delay = absl::ZeroDuration();
  absl::Duration drain_timeout = absl::Seconds(10);
  // Names each call's principal in its log line (not owned; may be null).
  const GrpcAuthenticator* authenticator = nullptr;
  // A second listener with TLS (mutual TLS with a client CA), serving the same services.
  GrpcTlsOptions tls;
};

// Owns the grpc::Server and the probe thread; does not own services, metrics or logger.
// Start/Shutdown from one thread.
class GrpcServerRunner {
 public:
  GrpcServerRunner(GrpcServerOptions options, MetricsExposer* metrics, JsonLogger* logger,
                   std::function<absl::Status()> readiness_probe);
  ~GrpcServerRunner();

  void AddService(grpc::Service* service) { services_.push_back(service); }
  absl::Status Start();
  int port() const { return port_; }
  // The TLS listener's port (0 without one).
  int tls_port() const { return tls_port_; }
  // Marks the server NOT_SERVING, goes on taking calls for drain_delay, then stops taking calls
  // and waits up to drain_timeout for calls in flight.
  void Shutdown();

 private:
  void ProbeLoop();
  void SetServing(bool serving);

  const GrpcServerOptions options_;
  MetricsExposer* const metrics_;
  JsonLogger* const logger_;
  std::function<absl::Status()> readiness_probe_;
  std::vector<grpc::Service*> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  int tls_port_ = 0;
  std::thread probe_thread_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool serving_ = false;
};

// Writes `content` to `path` atomically (temp file + rename).
absl::Status WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace civitas
