// civitas-grants: wiring only. Settings -> runtime (Redis, tokens, server) -> registry,
// accreditation and monitoring clients -> records -> gRPC service, and the voucher expiry job.
#include "libs/clients/accreditation_client.h"
#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/monitoring_client.h"
#include "libs/clients/peer_settings.h"
#include "libs/server/service_runtime.h"
#include "libs/server/service_settings.h"
#include "services/grants/api/grants_grpc_service.h"

int main(int argc, char** argv) {
  civitas::SettingsSchema schema = civitas::ServiceSettingsSchema("grants");
  civitas::clients::DeclarePeerSettings(&schema, "registry", "organisations and territories");
  civitas::clients::DeclarePeerSettings(&schema, "accreditation",
                                        "providers' accreditation for calls that require it");
  civitas::clients::DeclarePeerSettings(
      &schema, "monitoring", "grants' results frameworks (targets, actuals) for IATI exports");
  schema.String("export_grant_prefix", "360G-civitas",
                "prefix of exported grant identifiers (360Giving ids, IATI activity identifiers): "
                "the publisher's registered 360Giving prefix or IATI organisation identifier");
  schema.String("export_organization_prefix", "XI-CIVITAS",
                "prefix of exported identifiers of organisations without an external identifier");
  schema.Int("voucher_expiry_interval_s", 300,
             "seconds between passes that record vouchers not redeemed by their valid_to as "
             "expired (their value back in the scheme's envelope)",
             1, 86400);
  auto rt = civitas::ServiceRuntime::Start(schema, argc, argv);
  if (rt == nullptr) return 2;
  const civitas::Settings& settings = rt->settings();
  // Peers are called as `services/grants`, with the caller's request id.
  auto registry = civitas::clients::ConnectPeer<civitas::clients::GrpcRegistryClient>(
      settings, "registry", &rt->identity());
  auto accreditation = civitas::clients::ConnectPeer<civitas::clients::GrpcAccreditationClient>(
      settings, "accreditation", &rt->identity());
  auto monitoring = civitas::clients::ConnectPeer<civitas::clients::GrpcMonitoringClient>(
      settings, "monitoring", &rt->identity());
  civitas::grants::GrantsRecords records(&rt->store(), registry.get(), accreditation.get(),
                                         &rt->clock(), &rt->ids());
  civitas::grants::GrantExporter exporter(
      &rt->store(), registry.get(), monitoring.get(), &records.grants,
      {settings.String("export_grant_prefix"), settings.String("export_organization_prefix")});
  civitas::grants::GrantsGrpcService service(&records, &exporter, &rt->authenticator(),
                                             &rt->logger(), &rt->writers(), &rt->clock());
  rt->AddPeriodicJob("voucher-expiry", absl::Seconds(settings.Int("voucher_expiry_interval_s")),
                     [&records](const civitas::Principal& job) -> absl::StatusOr<std::string> {
                       auto expired = records.voucher_expiry.RunOnce(job);
                       if (!expired.ok()) return expired.status();
                       return *expired > 0 ? absl::StrCat(*expired, " vouchers expired") : "";
                     });
  return rt->Run(&service);
}
