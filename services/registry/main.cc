// civitas-registry: wiring only. Settings -> runtime (Redis, tokens, server) -> records -> the
// consumer of the accreditation service's certificate events -> gRPC service.
#include "libs/server/service_runtime.h"
#include "libs/server/service_settings.h"
#include "services/registry/api/registry_grpc_service.h"

int main(int argc, char** argv) {
  civitas::SettingsSchema schema = civitas::ServiceSettingsSchema("registry");
  schema.Int("certificate_sync_claim_idle_ms", 30000,
             "how long a certificate event of the accreditation service waits, unacknowledged, "
             "before the registry's certificate sync takes it again (its consumer died or its "
             "write failed)",
             100, 3600000);
  auto rt = civitas::ServiceRuntime::Start(schema, argc, argv);
  if (rt == nullptr) return 2;
  civitas::registry::RegistryRecords records(&rt->store(), &rt->clock(), &rt->ids());
  civitas::registry::RegistryGrpcService service(&records, &rt->authenticator(), &rt->logger(),
                                                 &rt->writers());
  // The registry keeps its copy of the certificates, and the accreditation each social service
  // shows, from the accreditation service's outbox stream: no call to it on any request.
  civitas::events::EventConsumerOptions sync_options;
  sync_options.claim_idle =
      absl::Milliseconds(rt->settings().Int("certificate_sync_claim_idle_ms"));
  rt->AddEventConsumer("certificate-sync", "accreditation", sync_options,
                       [&records](const civitas::events::DeliveredEvent& e) {
                         return records.certificate_sync.Handle(e);
                       });
  return rt->Run(&service);
}
