#include "libs/server/service_settings.h"

#include "libs/auth/auth_settings.h"
#include "libs/common/json_log.h"
#include "libs/events/retention_settings.h"
#include "libs/redis/redis_settings.h"

namespace civitas {

void DeclareServiceSettings(SettingsSchema* schema, const ServiceSettingsDefaults& defaults) {
  schema
      ->String("grpc_address", defaults.grpc_address,
               "host:port the gRPC server listens on (port 0: any free port)")
      .String("metrics_address", defaults.metrics_address,
              "host:port of the Prometheus /metrics endpoint (port 0: any free port)")
      .String("ready_file", "",
              "when set, a JSON file with the bound ports written once the server is ready")
      .String(
          "redis_key_prefix", defaults.redis_key_prefix,
          "prefix of every key this service writes; its {hash tag} keeps them in one cluster slot");
  schema->Int("write_threads", 32,
              "threads that run writes; enough in flight let Redis fsync many together", 1, 1024);
  DeclareRedisSettings(schema);
  DeclareJwtSettings(schema);
  DeclareLogSettings(schema);
  events::DeclareRetentionSettings(schema);
}

}  // namespace civitas
