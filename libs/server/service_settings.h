// The settings every gRPC service declares (where it listens, its metrics, Redis, tokens,
// logging), declared here once so that each service's main.cc adds only its own.
#pragma once

#include <string>

#include "libs/common/settings.h"

namespace civitas {

struct ServiceSettingsDefaults {
  std::string grpc_address;      // e.g. 127.0.0.1:50051
  std::string metrics_address;   // e.g. 127.0.0.1:9101
  std::string redis_key_prefix;  // e.g. civitas:{registry}
};

// grpc_address, metrics_address, ready_file, redis_key_prefix, write_threads, and the Redis, JWT
// and log settings (DeclareRedisSettings, DeclareJwtSettings, DeclareLogSettings) and the outbox's
// retention (events::DeclareRetentionSettings).
void DeclareServiceSettings(SettingsSchema* schema, const ServiceSettingsDefaults& defaults);

}  // namespace civitas
