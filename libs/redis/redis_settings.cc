#include "libs/redis/redis_settings.h"

namespace civitas {

void DeclareRedisSettings(SettingsSchema* schema) {
  const RedisOptions defaults;
  schema
      ->String("redis_address", "127.0.0.1:6379",
               "Redis to store in: host:port or redis://[:password@]host:port")
      // Room for a service's writer threads (32 by default) and its pipeliners.
      .Int("redis_pool_size", 64, "most Redis connections open at once (callers beyond it wait)", 1,
           4096)
      .Int("redis_command_timeout_ms", absl::ToInt64Milliseconds(defaults.command_timeout),
           "a Redis round trip that takes longer fails with an unknown outcome", 1, 600000)
      .Int("redis_stall_ms", absl::ToInt64Milliseconds(defaults.stall_after),
           "Redis not answering a PING for this long is taken as down: requests fail at once "
           "(503) until it answers again; keep above the longest write",
           10, 60000)
      .Int("redis_probe_interval_ms", absl::ToInt64Milliseconds(defaults.probe_interval),
           "how often Redis is PINGed to know whether it answers (0: never; requests then wait "
           "out redis_command_timeout_ms)",
           0, 10000);
}

absl::StatusOr<RedisOptions> RedisOptionsFrom(const Settings& settings) {
  auto options = ParseRedisAddress(settings.String("redis_address"));
  if (!options.ok()) return options.status();
  options->pool_size = static_cast<int>(settings.Int("redis_pool_size"));
  options->command_timeout = absl::Milliseconds(settings.Int("redis_command_timeout_ms"));
  options->stall_after = absl::Milliseconds(settings.Int("redis_stall_ms"));
  options->probe_interval = absl::Milliseconds(settings.Int("redis_probe_interval_ms"));
  return options;
}

}  // namespace civitas
