// civitas-registry: wiring only. Settings -> Redis -> document store -> records -> gRPC server.
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "libs/clients/accreditation_client.h"
#include "libs/clients/peer_settings.h"
#include "libs/clients/service_identity.h"
#include "libs/common/settings.h"
#include "libs/server/service_runtime.h"
#include "libs/server/service_settings.h"
#include "libs/server/termination_signals.h"
#include "services/registry/api/registry_grpc_service.h"

int main(int argc, char** argv) {
  civitas::BlockTerminationSignals();
  // Deadlock detection (on by default in this Abseil) costs a graph update on every lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  civitas::SettingsSchema schema("civitas-registry");
  civitas::DeclareServiceSettings(&schema,
                                  {"127.0.0.1:50051", "127.0.0.1:9101", "civitas:{registry}"});
  civitas::clients::DeclarePeerSettings(&schema, "accreditation", "127.0.0.1:50053",
                                        "service contracts need their provider accredited");
  const civitas::Settings settings = civitas::LoadSettingsOrExit(schema, argc, argv);
  civitas::JsonLogger logger("registry", stderr, absl::Milliseconds(100),
                             civitas::LogLevelFrom(settings));
  auto runtime =
      civitas::ServiceRuntime::Open(settings, "civitas.registry.v1.RegistryService", &logger);
  if (!runtime.ok()) {
    logger.Log("fatal", std::string(runtime.status().message()));
    return 2;
  }
  civitas::ServiceRuntime& rt = **runtime;
  civitas::DocumentStore& store = rt.store();
  const civitas::Clock& clock = rt.clock();
  // The accreditation service is called as `services/registry`.
  civitas::clients::ServiceIdentity identity("registry", {}, &rt.jwt(), &clock);
  auto accreditation = civitas::clients::GrpcAccreditationClient::Connect(
      civitas::clients::PeerAddress(settings, "accreditation"), &identity,
      civitas::clients::PeerClientOptions(settings, "accreditation"));
  civitas::registry::RegistryRecords records(&store, accreditation.get(), &clock, &rt.ids());
  civitas::registry::RegistryGrpcService service(&records, &rt.authenticator(), &logger,
                                                 &rt.writers());

  if (auto s = rt.Serve(&service); !s.ok()) {
    logger.Log("fatal", std::string(s.message()));
    return 1;
  }
  int sig = civitas::WaitForTerminationSignal();
  logger.Log("info", "draining", {{"signal", std::to_string(sig)}});
  rt.StopServing();
  rt.StopBackground();
  return 0;
}
