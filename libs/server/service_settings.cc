#include "libs/server/service_settings.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "libs/auth/auth_settings.h"
#include "libs/auth/identity_provider_settings.h"
#include "libs/common/json_log.h"
#include "libs/common/service_list.h"
#include "libs/events/retention_settings.h"
#include "libs/redis/redis_settings.h"
#include "libs/server/grpc_tls_settings.h"

namespace civitas {
namespace {

std::string CheckPeers(const Settings& settings) {
  auto peers = ParseServiceAddresses(settings.String("peers"));
  return peers.ok() ? "" : absl::StrCat("peers: ", peers.status().message());
}

}  // namespace

SettingsSchema ServiceSettingsSchema(const std::string& service) {
  const DeclaredService* declared = FindDeclaredService(service);
  if (declared == nullptr) {
    std::fprintf(stderr, "civitas-%s is not a service of services/services.list\n",
                 service.c_str());
    std::abort();
  }
  SettingsSchema schema(absl::StrCat("civitas-", service));
  schema
      .String("grpc_address", absl::StrCat("127.0.0.1:", declared->grpc_port),
              "host:port the gRPC server listens on (port 0: any free port)")
      .String("metrics_address", absl::StrCat("127.0.0.1:", declared->metrics_port),
              "host:port of the Prometheus /metrics endpoint (port 0: any free port)")
      .String("peers", LocalServiceAddresses(),
              "where the other Civitas services are: name=host:port, comma-separated, naming at "
              "least every service this one calls (the names of services/services.list)")
      .String("ready_file", "",
              "when set, a JSON file with the bound ports written once the server is ready")
      .String(
          "redis_key_prefix", absl::StrCat("civitas:{", service, "}"),
          "prefix of every key this service writes; its {hash tag} keeps them in one cluster slot")
      .AddCheck(&CheckPeers);
  schema
      .Int("drain_delay_ms", 0,
           "after SIGTERM, how long calls are still taken while health says NOT_SERVING (set to "
           "the time clients need to stop sending, e.g. 5000 on Kubernetes)",
           0, 600000)
      .Int("drain_timeout_ms", 10000,
           "after the delay, how long calls in flight may take to finish before the exit", 0,
           600000);
  schema.Int("write_threads", 32,
             "threads that run writes; enough in flight let Redis fsync many together", 1, 1024);
  DeclareGrpcTlsSettings(&schema);
  DeclareRedisSettings(&schema);
  DeclareJwtSettings(&schema);
  DeclareIdentityProviderSettings(&schema);
  DeclareLogSettings(&schema);
  events::DeclareRetentionSettings(&schema);
  return schema;
}

}  // namespace civitas
