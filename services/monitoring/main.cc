// civitas-monitoring: wiring only. Settings -> runtime (Redis, tokens, server) -> registry
// client -> records -> gRPC service.
#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/peer_settings.h"
#include "libs/server/service_runtime.h"
#include "libs/server/service_settings.h"
#include "services/monitoring/api/monitoring_grpc_service.h"

int main(int argc, char** argv) {
  civitas::SettingsSchema schema = civitas::ServiceSettingsSchema("monitoring");
  civitas::clients::DeclarePeerSettings(
      &schema, "registry",
      "where org units (territories, organisations) lie, for entry and approval");
  auto rt = civitas::ServiceRuntime::Start(schema, argc, argv);
  if (rt == nullptr) return 2;
  const civitas::Settings& settings = rt->settings();
  // The registry is called as `services/monitoring`, with the caller's request id.
  auto registry = civitas::clients::ConnectPeer<civitas::clients::GrpcRegistryClient>(
      settings, "registry", &rt->identity());
  civitas::monitoring::MonitoringRecords records(&rt->store(), registry.get(), &rt->clock(),
                                                 &rt->ids());
  civitas::monitoring::MonitoringGrpcService service(&records, &rt->authenticator(), &rt->logger(),
                                                     &rt->writers());
  return rt->Run(&service);
}
