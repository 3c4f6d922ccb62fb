// The settings every gRPC service declares (where it listens, where the other services are, its
// metrics, Redis, tokens, logging), declared here once so that each service's main.cc adds only
// its own. Defaults come from services/services.list.
#pragma once

#include <string>

#include "libs/common/settings.h"

namespace civitas {

// A schema for `civitas-<service>` with grpc_address and metrics_address (the list's ports on
// 127.0.0.1), peers (where every listed service is), ready_file, redis_key_prefix
// (`civitas:{<service>}`), write_threads, and the Redis, JWT and log settings
// (DeclareRedisSettings, DeclareJwtSettings, DeclareLogSettings) and the outbox's retention
// (events::DeclareRetentionSettings). `service` must be in services/services.list: a process not
// in the list is a programming error and aborts.
SettingsSchema ServiceSettingsSchema(const std::string& service);

}  // namespace civitas
