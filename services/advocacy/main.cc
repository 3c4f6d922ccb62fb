// civitas-advocacy: wiring only. Settings -> runtime (Redis, tokens, server) -> registry, grants
// and monitoring clients -> records -> gRPC service, and one job: the overdue commitment alerts.
#include "absl/strings/str_cat.h"
#include "libs/clients/grants_client.h"
#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/monitoring_client.h"
#include "libs/clients/peer_settings.h"
#include "libs/server/service_runtime.h"
#include "libs/server/service_settings.h"
#include "services/advocacy/api/advocacy_grpc_service.h"

int main(int argc, char** argv) {
  civitas::SettingsSchema schema = civitas::ServiceSettingsSchema("advocacy");
  civitas::clients::DeclarePeerSettings(
      &schema, "registry", "the organisations and territories campaigns and activities name");
  civitas::clients::DeclarePeerSettings(&schema, "grants", "the grants that fund campaigns");
  civitas::clients::DeclarePeerSettings(&schema, "monitoring",
                                        "the published figures campaigns and policies cite");
  schema.Int("commitment_alerts_interval_s", 3600,
             "seconds between passes of the overdue commitment alerts (each overdue commitment "
             "alerted once: event commitment.overdue)",
             1, 86400);
  auto rt = civitas::ServiceRuntime::Start(schema, argc, argv);
  if (rt == nullptr) return 2;
  const civitas::Settings& settings = rt->settings();
  // Peers are called as `services/advocacy`, with the caller's request id.
  auto registry = civitas::clients::ConnectPeer<civitas::clients::GrpcRegistryClient>(
      settings, "registry", &rt->identity());
  auto grants = civitas::clients::ConnectPeer<civitas::clients::GrpcGrantsClient>(
      settings, "grants", &rt->identity());
  auto monitoring = civitas::clients::ConnectPeer<civitas::clients::GrpcMonitoringClient>(
      settings, "monitoring", &rt->identity());
  civitas::advocacy::AdvocacyRecords records(&rt->store(), registry.get(), grants.get(),
                                             monitoring.get(), &rt->clock(), &rt->ids());
  civitas::advocacy::AdvocacyGrpcService service(&records, &rt->authenticator(), &rt->logger(),
                                                 &rt->writers());
  rt->AddPeriodicJob("commitment-alerts",
                     absl::Seconds(settings.Int("commitment_alerts_interval_s")),
                     [&records](const civitas::Principal& job) -> absl::StatusOr<std::string> {
                       absl::StatusOr<int> sent = records.tracker.AlertOverdue(job);
                       if (!sent.ok()) return sent.status();
                       if (*sent == 0) return "";
                       return absl::StrCat(*sent, " overdue commitments alerted");
                     });
  return rt->Run(&service);
}
