#include "libs/redis/redis_settings.h"

#include "absl/strings/str_cat.h"

namespace civitas {

void DeclareRedisSettings(SettingsSchema* schema) {
  const RedisOptions defaults;
  schema
      ->String("redis_address", "127.0.0.1:6379",
               "Redis to store in: host:port, redis://[[user]:password@]host:port, or through "
               "Redis Sentinel redis+sentinel://[[user]:password@]host:port[,host:port...]/master")
      .String("redis_username", "",
              "the ACL user to authenticate as (empty: the address's, else Redis's default user)")
      .Secret("redis_password", "",
              "the password of redis_username (empty: the address's, else no AUTH)")
      .Int("redis_wait_replicas", defaults.wait_replicas,
           "a write is acknowledged only once this many replicas have it (WAIT, in the write's "
           "round trip); 0: once the primary applied it. Not confirmed within "
           "redis_wait_timeout_ms: 504, outcome unknown (retry with the same Idempotency-Key)",
           0, 16)
      .Int("redis_wait_timeout_ms", absl::ToInt64Milliseconds(defaults.wait_timeout),
           "how long a write waits for redis_wait_replicas replicas; keep below "
           "redis_command_timeout_ms",
           1, 60000)
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
  if (!settings.String("redis_username").empty()) {
    options->username = settings.String("redis_username");
  }
  if (!settings.String("redis_password").empty()) {
    options->password = settings.String("redis_password");
  }
  options->wait_replicas = static_cast<int>(settings.Int("redis_wait_replicas"));
  options->wait_timeout = absl::Milliseconds(settings.Int("redis_wait_timeout_ms"));
  if (options->wait_replicas > 0 && options->wait_timeout >= options->command_timeout) {
    return absl::InvalidArgumentError(absl::StrCat(
        "redis_wait_timeout_ms (", settings.Int("redis_wait_timeout_ms"),
        ") must be below redis_command_timeout_ms (", settings.Int("redis_command_timeout_ms"),
        "): the write's round trip includes the wait"));
  }
  if (!options->sentinels.empty() && options->probe_interval == absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "redis_probe_interval_ms must not be 0 with Redis Sentinel: the probe follows failovers");
  }
  return options;
}

}  // namespace civitas
