// The Redis settings every service that stores data declares, and the client options they give.
#pragma once

#include "absl/status/statusor.h"
#include "libs/common/settings.h"
#include "libs/redis/redis_client.h"

namespace civitas {

// redis_address (a server or Redis Sentinel), redis_username, redis_password,
// redis_wait_replicas, redis_wait_timeout_ms, redis_pool_size, redis_command_timeout_ms,
// redis_stall_ms, redis_probe_interval_ms.
void DeclareRedisSettings(SettingsSchema* schema);
absl::StatusOr<RedisOptions> RedisOptionsFrom(const Settings& settings);

}  // namespace civitas
