#include "libs/server/service_storage.h"

#include "absl/strings/str_cat.h"
#include "libs/events/retention_settings.h"
#include "libs/redis/redis_settings.h"

namespace civitas {

absl::StatusOr<std::unique_ptr<ServiceStorage>> ServiceStorage::Open(const Settings& settings,
                                                                     int writer_threads,
                                                                     MetricsExposer* metrics,
                                                                     JsonLogger* logger) {
  absl::StatusOr<RedisOptions> options = RedisOptionsFrom(settings);
  if (!options.ok()) return options.status();
  // Every writer thread may hold a connection while both pipeliners hold theirs.
  if (options->pool_size < writer_threads + 2) {
    return absl::InvalidArgumentError(absl::StrCat("redis_pool_size (", options->pool_size,
                                                   ") must be at least write_threads + 2 (",
                                                   writer_threads + 2, ")"));
  }
  return std::unique_ptr<ServiceStorage>(new ServiceStorage(*options, settings, metrics, logger));
}

ServiceStorage::ServiceStorage(const RedisOptions& options, const Settings& settings,
                               MetricsExposer* metrics, JsonLogger* logger)
    : metrics_(metrics->registry()),
      redis_(options, &metrics_),
      reads_(&redis_, Retry::kOnConnectionError),
      writes_(&redis_, Retry::kNever),
      store_(&redis_, {settings.String("redis_key_prefix")}, &reads_, &writes_),
      retention_(&redis_, events::RetentionOptionsFrom(settings, store_.EventsKey()), logger) {}

}  // namespace civitas
