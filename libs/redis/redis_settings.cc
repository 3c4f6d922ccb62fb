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
           "a Redis round trip that takes longer fails with an unknown outcome", 1, 600000);
}

absl::StatusOr<RedisOptions> RedisOptionsFrom(const Settings& settings) {
  auto options = ParseRedisAddress(settings.String("redis_address"));
  if (!options.ok()) return options.status();
  options->pool_size = static_cast<int>(settings.Int("redis_pool_size"));
  options->command_timeout = absl::Milliseconds(settings.Int("redis_command_timeout_ms"));
  return options;
}

}  // namespace civitas
