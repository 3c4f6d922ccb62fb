// civitas-accreditation: wiring only. Settings -> Redis -> document store, registry client ->
// records -> gRPC server, the consumer of this service's outbox that keeps the registry's social
// services in step with the certificates, and the certificate scheduler.
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/peer_settings.h"
#include "libs/clients/service_identity.h"
#include "libs/common/settings.h"
#include "libs/metrics/event_consumer_metrics.h"
#include "libs/server/service_runtime.h"
#include "libs/server/service_settings.h"
#include "libs/server/termination_signals.h"
#include "services/accreditation/api/accreditation_grpc_service.h"
#include "services/accreditation/app/certificate_scheduler.h"
#include "services/accreditation/app/registry_sync.h"

int main(int argc, char** argv) {
  civitas::BlockTerminationSignals();
  // Deadlock detection (on by default in this Abseil) costs a graph update on every lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  civitas::SettingsSchema schema("civitas-accreditation");
  civitas::DeclareServiceSettings(&schema,
                                  {"127.0.0.1:50053", "127.0.0.1:9103", "civitas:{accreditation}"});
  civitas::clients::DeclarePeerSettings(
      &schema, "registry", "127.0.0.1:50051",
      "providers, social services, territories and the service type catalogue");
  schema.Int("registry_sync_claim_idle_ms", 30000,
             "how long a certificate event waits, unacknowledged, before the registry sync takes "
             "it again (its consumer died or the registry refused it)",
             100, 3600000);
  schema.Int("scheduler_interval_s", 60,
             "seconds between passes of the certificate scheduler (dated changes taking effect, "
             "expiry, expiry alerts at 90/30/0 days, overdue corrective actions)",
             1, 86400);
  const civitas::Settings settings = civitas::LoadSettingsOrExit(schema, argc, argv);
  civitas::JsonLogger logger("accreditation", stderr, absl::Milliseconds(100),
                             civitas::LogLevelFrom(settings));
  auto runtime = civitas::ServiceRuntime::Open(
      settings, "civitas.accreditation.v1.AccreditationService", &logger);
  if (!runtime.ok()) {
    logger.Log("fatal", std::string(runtime.status().message()));
    return 2;
  }
  civitas::ServiceRuntime& rt = **runtime;
  civitas::DocumentStore& store = rt.store();
  const civitas::Clock& clock = rt.clock();
  // The registry is called as `services/accreditation`, with the caller's request id.
  // The `accreditation` role lets it set social services' accreditation status in the registry.
  civitas::clients::ServiceIdentity identity("accreditation", {civitas::kRoleAccreditation},
                                             &rt.jwt(), &clock);
  auto registry = civitas::clients::GrpcRegistryClient::Connect(
      civitas::clients::PeerAddress(settings, "registry"), &identity,
      civitas::clients::PeerClientOptions(settings, "registry"));
  civitas::accreditation::AccreditationRecords records(&store, registry.get(), &clock, &rt.ids());
  civitas::accreditation::AccreditationGrpcService service(&records, &rt.authenticator(), &logger,
                                                           &rt.writers());

  if (auto s = rt.Serve(&service); !s.ok()) {
    logger.Log("fatal", std::string(s.message()));
    return 1;
  }
  civitas::EventConsumerMetrics consumer_metrics(rt.metrics().registry());
  civitas::accreditation::RegistrySync sync(&store, registry.get(), &clock);
  civitas::events::EventConsumerOptions sync_options;
  sync_options.stream = absl::StrCat(settings.String("redis_key_prefix"), ":events");
  sync_options.group = "accreditation.registry-sync";
  sync_options.consumer = civitas::events::DefaultConsumerName();
  sync_options.claim_idle = absl::Milliseconds(settings.Int("registry_sync_claim_idle_ms"));
  civitas::events::EventConsumer sync_consumer(
      &rt.redis(), sync_options,
      [&sync](const civitas::events::DeliveredEvent& e) { return sync.Handle(e); }, &logger,
      &consumer_metrics);
  if (auto s = sync_consumer.Start(); !s.ok()) {
    logger.Log("fatal", std::string(s.message()));
    return 1;
  }
  civitas::accreditation::CertificateScheduler scheduler(&store, &records.certificates,
                                                         &records.cases, &clock);
  scheduler.Start(absl::Seconds(settings.Int("scheduler_interval_s")), &logger);
  int sig = civitas::WaitForTerminationSignal();
  logger.Log("info", "draining", {{"signal", std::to_string(sig)}});
  rt.StopServing();
  scheduler.Stop();
  sync_consumer.Stop();
  rt.StopBackground();
  return 0;
}
