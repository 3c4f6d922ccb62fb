// civitas-accreditation: wiring only. Settings -> runtime (Redis, tokens, server) -> registry
// client -> records -> gRPC service, and two jobs: the registry sync (this service's outbox
// consumer that keeps the registry's social services in step with the certificates) and the
// certificate scheduler.
#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/peer_settings.h"
#include "libs/server/service_runtime.h"
#include "libs/server/service_settings.h"
#include "services/accreditation/api/accreditation_grpc_service.h"
#include "services/accreditation/app/certificate_scheduler.h"

int main(int argc, char** argv) {
  civitas::SettingsSchema schema = civitas::ServiceSettingsSchema("accreditation");
  civitas::clients::DeclarePeerSettings(
      &schema, "registry",
      "providers, social services, territories and the service type catalogue");
  schema.Int("scheduler_interval_s", 60,
             "seconds between passes of the certificate scheduler (dated changes taking effect, "
             "expiry, expiry alerts at 90/30/0 days, overdue corrective actions)",
             1, 86400);
  auto rt = civitas::ServiceRuntime::Start(schema, argc, argv);
  if (rt == nullptr) return 2;
  const civitas::Settings& settings = rt->settings();
  // The registry is called as `services/accreditation`, with the caller's request id.
  auto registry = civitas::clients::ConnectPeer<civitas::clients::GrpcRegistryClient>(
      settings, "registry", &rt->identity());
  civitas::accreditation::AccreditationRecords records(&rt->store(), registry.get(), &rt->clock(),
                                                       &rt->ids());
  civitas::accreditation::AccreditationGrpcService service(&records, &rt->authenticator(),
                                                           &rt->logger(), &rt->writers());

  civitas::accreditation::CertificateScheduler scheduler(&rt->store(), &records.certificates,
                                                         &records.cases, &rt->clock());
  rt->AddPeriodicJob("certificate-scheduler", absl::Seconds(settings.Int("scheduler_interval_s")),
                     [&scheduler](const civitas::Principal& job) -> absl::StatusOr<std::string> {
                       auto done = scheduler.RunOnce(job);
                       if (!done.ok()) return done.status();
                       if (done->state_changes + done->expiry_alerts + done->overdue_alerts == 0)
                         return "";
                       return absl::StrCat(done->state_changes, " state changes, ",
                                           done->expiry_alerts, " expiry alerts, ",
                                           done->overdue_alerts, " overdue alerts");
                     });
  return rt->Run(&service);
}
