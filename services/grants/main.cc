// civitas-grants: wiring only. Settings -> Redis -> document store, registry client -> records ->
// gRPC server.
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "libs/auth/auth_settings.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/clients/accreditation_client.h"
#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/service_identity.h"
#include "libs/common/settings.h"
#include "libs/metrics/metrics_exposer.h"
#include "libs/server/grpc_server_runner.h"
#include "libs/server/service_settings.h"
#include "libs/server/service_storage.h"
#include "libs/server/termination_signals.h"
#include "services/grants/api/grants_grpc_service.h"

int main(int argc, char** argv) {
  civitas::BlockTerminationSignals();
  // Deadlock detection (on by default in this Abseil) costs a graph update on every lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  civitas::SettingsSchema schema("civitas-grants");
  civitas::DeclareServiceSettings(&schema,
                                  {"127.0.0.1:50052", "127.0.0.1:9102", "civitas:{grants}"});
  schema.Int("write_threads", 32,
             "threads that run writes; enough in flight let Redis fsync many together", 1, 1024);
  schema.String("registry_address", "127.0.0.1:50051",
                "the registry's gRPC address (host:port): organisations and territories");
  schema.String("export_grant_prefix", "360G-civitas",
                "prefix of exported grant identifiers (360Giving ids, IATI activity identifiers): "
                "the publisher's registered 360Giving prefix or IATI organisation identifier");
  schema.String("export_organization_prefix", "XI-CIVITAS",
                "prefix of exported identifiers of organisations without an external identifier");
  schema.Int("registry_timeout_ms", 2000, "deadline of one call to the registry, retries included",
             50, 60000);
  schema.String("accreditation_address", "127.0.0.1:50053",
                "the accreditation service's gRPC address (host:port): providers' accreditation "
                "for calls that require it");
  schema.Int("accreditation_timeout_ms", 2000,
             "deadline of one call to the accreditation service, retries included", 50, 60000);
  const civitas::Settings settings = civitas::LoadSettingsOrExit(schema, argc, argv);
  civitas::JsonLogger logger("grants", stderr, absl::Milliseconds(100),
                             civitas::LogLevelFrom(settings));
  auto metrics = civitas::MetricsExposer::Start(settings.String("metrics_address"));
  if (!metrics.ok()) {
    logger.Log("fatal", std::string(metrics.status().message()));
    return 1;
  }
  auto storage = civitas::ServiceStorage::Open(
      settings, static_cast<int>(settings.Int("write_threads")), metrics->get(), &logger);
  if (!storage.ok()) {
    logger.Log("fatal", std::string(storage.status().message()));
    return 2;
  }
  civitas::DocumentStore& store = *(*storage)->store();
  civitas::SystemClock clock;
  civitas::RandomIdGenerator ids;
  civitas::JwtCodec jwt(civitas::JwtOptionsFrom(settings), &clock);
  civitas::CachedTokenVerifier verifier(&jwt, &clock);
  civitas::GrpcAuthenticator authenticator(&verifier);
  // The registry is called as `services/grants`, with the caller's request id.
  civitas::clients::ServiceIdentity identity("grants", {}, &jwt, &clock);
  civitas::clients::GrpcClientOptions registry_options;
  registry_options.timeout = absl::Milliseconds(settings.Int("registry_timeout_ms"));
  auto registry = civitas::clients::GrpcRegistryClient::Connect(settings.String("registry_address"),
                                                                &identity, registry_options);
  civitas::clients::GrpcClientOptions accreditation_options;
  accreditation_options.timeout = absl::Milliseconds(settings.Int("accreditation_timeout_ms"));
  auto accreditation = civitas::clients::GrpcAccreditationClient::Connect(
      settings.String("accreditation_address"), &identity, accreditation_options);
  civitas::grants::GrantsRecords records(&store, registry.get(), accreditation.get(), &clock, &ids);
  // Writes wait on Redis's fsync and on the registry; enough writers in flight keep gRPC free.
  civitas::BlockingExecutor writers(static_cast<int>(settings.Int("write_threads")));
  civitas::grants::GrantExporter exporter(
      &store, registry.get(), &records.grants,
      {settings.String("export_grant_prefix"), settings.String("export_organization_prefix")});
  civitas::grants::GrantsGrpcService service(&records, &exporter, &authenticator, &logger, &writers,
                                             &clock);

  civitas::GrpcServerOptions server_options;
  server_options.address = settings.String("grpc_address");
  server_options.ready_file = settings.String("ready_file");
  server_options.health_service_names = {"civitas.grants.v1.GrantsService"};
  civitas::GrpcServerRunner runner(server_options, metrics->get(), &logger,
                                   [&storage] { return (*storage)->redis().Ping(); });
  runner.AddService(&service);
  if (auto s = runner.Start(); !s.ok()) {
    logger.Log("fatal", std::string(s.message()));
    return 1;
  }
  (*storage)->retention().Start();
  int sig = civitas::WaitForTerminationSignal();
  logger.Log("info", "draining", {{"signal", std::to_string(sig)}});
  runner.Shutdown();
  (*storage)->retention().Stop();
  return 0;
}
