// ServiceRuntime: the process of a Civitas service, built the same way for every service.
// main.cc declares its settings (ServiceSettingsSchema plus its own), Start()s the runtime (which
// reads the settings and opens the /metrics exposer, Redis storage, the clock and ids, the JWT
// codec and the bearer-token verifier (with the identity provider's keys) and the gRPC
// authenticator, the writer threads, the identity it
// calls its peers with), builds its clients, records and gRPC service on it, registers its
// background jobs, and Run()s: serve until SIGTERM/SIGINT, then drain in one order (stop taking
// calls and finish those in flight, stop the jobs in the reverse order of registration, stop the
// outbox retention).
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "libs/auth/bearer_token_verifier.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/auth/jwt.h"
#include "libs/clients/service_identity.h"
#include "libs/common/clock.h"
#include "libs/common/id_generator.h"
#include "libs/common/json_log.h"
#include "libs/common/settings.h"
#include "libs/events/event_consumer.h"
#include "libs/metrics/event_consumer_metrics.h"
#include "libs/metrics/metrics_exposer.h"
#include "libs/server/background_job.h"
#include "libs/server/blocking_executor.h"
#include "libs/server/grpc_server_runner.h"
#include "libs/server/service_storage.h"

namespace civitas {

struct ServiceOptions {
  // Roles this service's calls to its peers carry besides its subject `services/<name>` (e.g.
  // accreditation's `accreditation`, which lets it set social services' status).
  std::set<std::string> peer_roles;
};

// Owns everything it builds (members in the order they are built). From main's thread.
class ServiceRuntime {
 public:
  // Reads the settings of `schema` (made by ServiceSettingsSchema): malformed ones stop the
  // process (exit 2) and --help prints them (exit 0), as LoadSettingsOrExit. Null, after
  // logging the reason as fatal, when the metrics address cannot be bound or Redis's settings
  // are unusable.
  static std::unique_ptr<ServiceRuntime> Start(const SettingsSchema& schema, int argc, char** argv,
                                               ServiceOptions options = {});
  ~ServiceRuntime();

  // e.g. `grants`.
  const std::string& name() const { return name_; }
  const Settings& settings() const { return settings_; }
  JsonLogger& logger() { return *logger_; }
  DocumentStore& store() { return *storage_->store(); }
  // The partitions of this service's keyspace (ServiceStorage::OpenPartitions), for a service
  // whose schema declared DeclarePartitionSettings.
  absl::StatusOr<std::unique_ptr<PartitionedStores>> OpenPartitions(
      std::set<std::string> partitioned, std::set<std::string> copied) {
    return storage_->OpenPartitions(settings_, std::move(partitioned), std::move(copied));
  }
  RedisClient& redis() { return storage_->redis(); }
  MetricsExposer& metrics() { return *metrics_; }
  const Clock& clock() const { return clock_; }
  IdGenerator& ids() { return ids_; }
  JwtCodec& jwt() { return jwt_; }
  const GrpcAuthenticator& authenticator() const { return authenticator_; }
  // Runs the writes (they wait on Redis's fsync, and on other services): enough threads in
  // flight keep gRPC's own threads free and let Redis fsync many writes together.
  BlockingExecutor& writers() { return writers_; }
  // Who this service is to its peers: `services/<name>` with ServiceOptions::peer_roles.
  clients::ServiceIdentity& identity() { return identity_; }

  // The principal a background job acts as: `services/<name>/<job>`, a background job.
  Principal JobPrincipal(const std::string& job) const;
  // Runs `pass` as JobPrincipal(job) at start and every `interval` once the service serves.
  void AddPeriodicJob(const std::string& job, absl::Duration interval, PeriodicPass pass);
  // Consumes the outbox of `producer` (this service or another one of services/services.list,
  // whose keys are `civitas:{<producer>}:...`) as the consumer group `<name>.<job>`, at least
  // once; `options` gives the claim and batch settings (stream, group and consumer are set here).
  void AddEventConsumer(const std::string& job, const std::string& producer,
                        events::EventConsumerOptions options, events::EventHandler handler);
  // Any other job; started in the order added, stopped in the reverse order.
  void AddJob(std::unique_ptr<BackgroundJob> job);

  // Serves `service` (with health and reflection), starts the outbox retention and the jobs,
  // waits for SIGTERM or SIGINT, then drains. Returns main's exit code: 0 after a drain, 1 when
  // serving or a job could not start.
  int Run(grpc::Service* service);

 private:
  ServiceRuntime(std::string name, Settings settings, ServiceOptions options,
                 std::unique_ptr<JsonLogger> logger, std::unique_ptr<MetricsExposer> metrics,
                 std::unique_ptr<ServiceStorage> storage);
  void StopJobs();

  const std::string name_;
  const Settings settings_;
  // Before everything that logs through it (the storage's outbox retention, the server, jobs).
  std::unique_ptr<JsonLogger> logger_;
  std::unique_ptr<MetricsExposer> metrics_;
  std::unique_ptr<ServiceStorage> storage_;
  SystemClock clock_;
  RandomIdGenerator ids_;
  JwtCodec jwt_;
  BearerTokenVerifier verifier_;
  GrpcAuthenticator authenticator_;
  BlockingExecutor writers_;
  clients::ServiceIdentity identity_;
  GrpcServerRunner runner_;
  std::unique_ptr<EventConsumerMetrics> consumer_metrics_;
  std::vector<std::unique_ptr<BackgroundJob>> jobs_;
  size_t started_jobs_ = 0;
};

}  // namespace civitas
