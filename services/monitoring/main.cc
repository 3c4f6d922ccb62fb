// civitas-monitoring: wiring only. Settings -> runtime (Redis, tokens, server) -> records -> gRPC
// service.
#include "libs/server/service_runtime.h"
#include "libs/server/service_settings.h"
#include "services/monitoring/api/monitoring_grpc_service.h"

int main(int argc, char** argv) {
  civitas::SettingsSchema schema = civitas::ServiceSettingsSchema("monitoring");
  auto rt = civitas::ServiceRuntime::Start(schema, argc, argv);
  if (rt == nullptr) return 2;
  civitas::monitoring::MonitoringRecords records(&rt->store(), &rt->clock(), &rt->ids());
  civitas::monitoring::MonitoringGrpcService service(&records, &rt->authenticator(), &rt->logger(),
                                                     &rt->writers());
  return rt->Run(&service);
}
