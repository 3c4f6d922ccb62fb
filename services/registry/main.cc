// civitas-registry: wiring only. Settings -> runtime (Redis, tokens, server) -> accreditation
// client -> records -> gRPC service.
#include "libs/clients/accreditation_client.h"
#include "libs/clients/peer_settings.h"
#include "libs/server/service_runtime.h"
#include "libs/server/service_settings.h"
#include "services/registry/api/registry_grpc_service.h"

int main(int argc, char** argv) {
  civitas::SettingsSchema schema = civitas::ServiceSettingsSchema("registry");
  civitas::clients::DeclarePeerSettings(&schema, "accreditation",
                                        "service contracts need their provider accredited");
  auto rt = civitas::ServiceRuntime::Start(schema, argc, argv);
  if (rt == nullptr) return 2;
  // The accreditation service is called as `services/registry`.
  auto accreditation = civitas::clients::GrpcAccreditationClient::Connect(
      civitas::clients::PeerAddress(rt->settings(), "accreditation"), &rt->identity(),
      civitas::clients::PeerClientOptions(rt->settings(), "accreditation"));
  civitas::registry::RegistryRecords records(&rt->store(), accreditation.get(), &rt->clock(),
                                             &rt->ids());
  civitas::registry::RegistryGrpcService service(&records, &rt->authenticator(), &rt->logger(),
                                                 &rt->writers());
  return rt->Run(&service);
}
