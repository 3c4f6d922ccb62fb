// ServiceStorage: the Redis side every Civitas service's main.cc builds from its settings: the
// pooled client (with metrics), a read pipeliner (reads by id share round trips), a write
// pipeliner (creates share round trips and Redis's fsync, never re-sent), the document store on
// both, and the outbox's retention. Declared in the order they are built.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "libs/common/json_log.h"
#include "libs/common/settings.h"
#include "libs/events/stream_retention.h"
#include "libs/metrics/metrics_exposer.h"
#include "libs/metrics/redis_metrics.h"
#include "libs/redis/redis_client.h"
#include "libs/redis/redis_pipeliner.h"
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

 private:
  ServiceStorage(const RedisOptions& options, const Settings& settings, MetricsExposer* metrics,
                 JsonLogger* logger);

  RedisMetrics metrics_;
  RedisClient redis_;
  RedisPipeliner reads_;
  RedisPipeliner writes_;
  RedisDocumentStore store_;
  events::StreamRetention retention_;
};

}  // namespace civitas
