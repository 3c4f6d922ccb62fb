// civitas-grants: wiring only. Settings -> Redis -> document store, registry client -> records ->
// gRPC server.
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "libs/clients/accreditation_client.h"
#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/peer_settings.h"
#include "libs/clients/service_identity.h"
#include "libs/common/settings.h"
#include "libs/server/service_runtime.h"
#include "libs/server/service_settings.h"
#include "libs/server/termination_signals.h"
#include "services/grants/api/grants_grpc_service.h"

int main(int argc, char** argv) {
  civitas::BlockTerminationSignals();
  // Deadlock detection (on by default in this Abseil) costs a graph update on every lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  civitas::SettingsSchema schema("civitas-grants");
  civitas::DeclareServiceSettings(&schema,
                                  {"127.0.0.1:50052", "127.0.0.1:9102", "civitas:{grants}"});
  civitas::clients::DeclarePeerSettings(&schema, "registry", "127.0.0.1:50051",
                                        "organisations and territories");
  schema.String("export_grant_prefix", "360G-civitas",
                "prefix of exported grant identifiers (360Giving ids, IATI activity identifiers): "
                "the publisher's registered 360Giving prefix or IATI organisation identifier");
  schema.String("export_organization_prefix", "XI-CIVITAS",
                "prefix of exported identifiers of organisations without an external identifier");
  civitas::clients::DeclarePeerSettings(&schema, "accreditation", "127.0.0.1:50053",
                                        "providers' accreditation for calls that require it");
  schema.Int("voucher_expiry_interval_s", 300,
             "seconds between passes that record vouchers not redeemed by their valid_to as "
             "expired (their value back in the scheme's envelope)",
             1, 86400);
  const civitas::Settings settings = civitas::LoadSettingsOrExit(schema, argc, argv);
  civitas::JsonLogger logger("grants", stderr, absl::Milliseconds(100),
                             civitas::LogLevelFrom(settings));
  auto runtime =
      civitas::ServiceRuntime::Open(settings, "civitas.grants.v1.GrantsService", &logger);
  if (!runtime.ok()) {
    logger.Log("fatal", std::string(runtime.status().message()));
    return 2;
  }
  civitas::ServiceRuntime& rt = **runtime;
  civitas::DocumentStore& store = rt.store();
  const civitas::Clock& clock = rt.clock();
  // The registry is called as `services/grants`, with the caller's request id.
  civitas::clients::ServiceIdentity identity("grants", {}, &rt.jwt(), &clock);
  auto registry = civitas::clients::GrpcRegistryClient::Connect(
      civitas::clients::PeerAddress(settings, "registry"), &identity,
      civitas::clients::PeerClientOptions(settings, "registry"));
  auto accreditation = civitas::clients::GrpcAccreditationClient::Connect(
      civitas::clients::PeerAddress(settings, "accreditation"), &identity,
      civitas::clients::PeerClientOptions(settings, "accreditation"));
  civitas::grants::GrantsRecords records(&store, registry.get(), accreditation.get(), &clock,
                                         &rt.ids());
  civitas::grants::GrantExporter exporter(
      &store, registry.get(), &records.grants,
      {settings.String("export_grant_prefix"), settings.String("export_organization_prefix")});
  civitas::grants::GrantsGrpcService service(&records, &exporter, &rt.authenticator(), &logger,
                                             &rt.writers(), &clock);

  if (auto s = rt.Serve(&service); !s.ok()) {
    logger.Log("fatal", std::string(s.message()));
    return 1;
  }
  records.voucher_expiry.Start(absl::Seconds(settings.Int("voucher_expiry_interval_s")), &logger);
  int sig = civitas::WaitForTerminationSignal();
  logger.Log("info", "draining", {{"signal", std::to_string(sig)}});
  rt.StopServing();
  records.voucher_expiry.Stop();
  rt.StopBackground();
  return 0;
}
