// ServiceStorage: the Redis side every Civitas service's main.cc builds from its settings: the
// pooled client (with metrics), a read pipeliner (reads by id share round trips), a write
// pipeliner (creates share round trips and Redis's fsync, never re-sent), the document store on
// both, and the outbox's retention. Declared in the order they are built.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/common/json_log.h"
#include "libs/common/settings.h"
#include "libs/events/stream_retention.h"
#include "libs/metrics/metrics_exposer.h"
#include "libs/metrics/redis_metrics.h"
#include "libs/redis/redis_client.h"
#include "libs/redis/redis_pipeliner.h"
#include "libs/store/partitioned_stores.h"
#include "libs/store/redis_document_store.h"

namespace civitas {

class ServiceStorage {
 public:
  // From the settings DeclareServiceSettings declares. INVALID_ARGUMENT when the Redis settings
  // are unusable, or the pool cannot hold a connection for each of `writer_threads` while both
  // pipeliners hold theirs.
  static absl::StatusOr<std::unique_ptr<ServiceStorage>> Open(const Settings& settings,
                                                              int writer_threads,
                                                              MetricsExposer* metrics,
                                                              JsonLogger* logger);

  RedisClient& redis() { return redis_; }
  DocumentStore* store() { return &store_; }
  events::StreamRetention& retention() { return retention_; }

  // The partitions of this service's keyspace (libs/store/PARTITIONS.md), for a service that
  // declared DeclarePartitionSettings: `partitioned` collections live in partitions, each under
  // PartitionKeyPrefix of redis_key_prefix, on the Redis `partition_redis` places it on (its own
  // client, pipeliners and pool, shared by partitions on the same address) or on this one.
  // Each partition's outbox stream is trimmed by the home stream's policy once it is opened.
  // INVALID_ARGUMENT when the setting is malformed. The result must not outlive this storage.
  absl::StatusOr<std::unique_ptr<PartitionedStores>> OpenPartitions(
      const Settings& settings, std::set<std::string> partitioned,
      std::set<std::string> copied = {});

 private:
  // A Redis other than the home one, holding some partitions.
  struct PartitionRedis {
    PartitionRedis(const RedisOptions& options, RedisMetrics* metrics)
        : redis(options, metrics->ForServer(RedisServerName(options))),
          reads(&redis, Retry::kOnConnectionError),
          writes(&redis, Retry::kNever, Durability::kReplicated) {}
    RedisClient redis;
    RedisPipeliner reads;
    RedisPipeliner writes;
  };

  ServiceStorage(const RedisOptions& options, const Settings& settings, MetricsExposer* metrics,
                 JsonLogger* logger);

  RedisMetrics metrics_;
  RedisClient redis_;
  RedisPipeliner reads_;
  RedisPipeliner writes_;
  RedisDocumentStore store_;
  events::StreamRetention retention_;
  RedisOptions options_;
  JsonLogger* const logger_;
  const events::StreamRetentionOptions retention_options_;
  absl::Mutex partition_redis_mu_;
  std::map<std::string, std::unique_ptr<PartitionRedis>> partition_redis_
      ABSL_GUARDED_BY(partition_redis_mu_);
  // Each partition's outbox stream is trimmed as home's is, from when the partition is opened
  // (stopped before the clients above go).
  std::vector<std::unique_ptr<events::StreamRetention>> partition_retention_
      ABSL_GUARDED_BY(partition_redis_mu_);
  std::set<std::string> trimmed_ ABSL_GUARDED_BY(partition_redis_mu_);
};

// partition_redis, for the services that keep partitions.
void DeclarePartitionSettings(SettingsSchema* schema);

}  // namespace civitas
