#include "libs/server/service_storage.h"

#include "absl/strings/str_cat.h"
#include "libs/events/retention_settings.h"
#include "libs/redis/redis_settings.h"
#include "libs/store/partitions.h"

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
      redis_(options, metrics_.ForServer(RedisServerName(options))),
      reads_(&redis_, Retry::kOnConnectionError),
      writes_(&redis_, Retry::kNever, Durability::kReplicated),
      store_(&redis_, {settings.String("redis_key_prefix")}, &reads_, &writes_),
      retention_(&redis_, events::RetentionOptionsFrom(settings, store_.EventsKey()), logger),
      options_(options),
      logger_(logger),
      retention_options_(events::RetentionOptionsFrom(settings, store_.EventsKey())) {}

absl::StatusOr<std::unique_ptr<PartitionedStores>> ServiceStorage::OpenPartitions(
    const Settings& settings, std::set<std::string> partitioned, std::set<std::string> copied) {
  absl::StatusOr<std::map<std::string, std::string>> placed =
      ParsePartitionAddresses(settings.String("partition_redis"));
  if (!placed.ok()) return placed.status();
  const std::string home_prefix = settings.String("redis_key_prefix");
  if (absl::Status tagged = PartitionKeyPrefix(home_prefix, "a").status(); !tagged.ok()) {
    return tagged;
  }
  auto open = [this, placed = *std::move(placed), home_prefix](
                  const std::string& partition) -> absl::StatusOr<std::unique_ptr<DocumentStore>> {
    absl::StatusOr<std::string> prefix = PartitionKeyPrefix(home_prefix, partition);
    if (!prefix.ok()) return prefix.status();
    auto address = placed.find(partition);
    absl::MutexLock lock(&partition_redis_mu_);
    // Its outbox stream, trimmed on its Redis as home's is.
    auto trim = [this, &partition](RedisClient* redis, const RedisDocumentStore& store) {
      // Once per partition, however often it is opened (an opening whose copies could not be
      // filled is retried).
      if (!trimmed_.insert(partition).second) return;
      events::StreamRetentionOptions options = retention_options_;
      options.stream = store.EventsKey();
      partition_retention_.push_back(
          std::make_unique<events::StreamRetention>(redis, options, logger_));
      partition_retention_.back()->Start();
    };
    if (address == placed.end()) {
      auto store = std::make_unique<RedisDocumentStore>(&redis_, RedisDocumentStoreOptions{*prefix},
                                                        &reads_, &writes_);
      trim(&redis_, *store);
      return store;
    }
    std::unique_ptr<PartitionRedis>& on = partition_redis_[address->second];
    if (on == nullptr) {
      absl::StatusOr<RedisOptions> options = ParseRedisAddress(address->second);
      if (!options.ok()) return options.status();
      // The home Redis's pool size, timeouts and WAIT; the address's servers, user and password.
      options->pool_size = options_.pool_size;
      options->pool_wait = options_.pool_wait;
      options->connect_timeout = options_.connect_timeout;
      options->command_timeout = options_.command_timeout;
      options->probe_interval = options_.probe_interval;
      options->stall_after = options_.stall_after;
      options->wait_replicas = options_.wait_replicas;
      options->wait_timeout = options_.wait_timeout;
      on = std::make_unique<PartitionRedis>(*options, &metrics_);
    }
    auto store = std::make_unique<RedisDocumentStore>(
        &on->redis, RedisDocumentStoreOptions{*prefix}, &on->reads, &on->writes);
    trim(&on->redis, *store);
    return store;
  };
  return std::make_unique<PartitionedStores>(&store_, std::move(partitioned), std::move(open),
                                             std::move(copied));
}

void DeclarePartitionSettings(SettingsSchema* schema) {
  schema->String("partition_redis", "",
                 "where partitions live (a country's figures): <partition>=<host:port or "
                 "redis://[:password@]host:port>, comma-separated; a partition not listed lives "
                 "on redis_address, in a keyspace of its own");
}

}  // namespace civitas
