// RedisDocumentStore: DocumentStore on Redis. Every write is ONE server-side script (see
// write_script.lua). Keys live under `<prefix>` = `civitas:{<service>}` so that a service's keys
// share one Redis Cluster slot:
//   <prefix>:doc:<collection>:<id>        hash {v: version, s: sequence, d: protobuf payload}
//   <prefix>:idx:<collection>:<index>     sorted set of ids scored by sequence (`_all` = every doc)
//   <prefix>:uniq:<collection>:<value>    string: id of the holder of a unique value
//   <prefix>:idem:<collection>:<key>      string: id made by an idempotent create (expires)
//   <prefix>:seq                          sequence counter
//   <prefix>:events                       outbox stream
#pragma once

#include <string>

#include "libs/redis/redis_client.h"
#include "libs/redis/redis_pipeliner.h"
#include "libs/store/document_store.h"

namespace civitas {

struct RedisDocumentStoreOptions {
  // e.g. `civitas:{registry}`.
  std::string key_prefix;
  absl::Duration idempotency_ttl = absl::Hours(24);
  // Approximate cap on the outbox stream length; 0 keeps every event.
  int64_t stream_max_length = 0;
};

// Thread-safe; does not own the client.
class RedisDocumentStore final : public DocumentStore {
 public:
  // With `pipeliner`, GetAsync reads through it: concurrent reads share round trips.
  RedisDocumentStore(RedisClient* redis, RedisDocumentStoreOptions options,
                     RedisPipeliner* pipeliner = nullptr);

  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override;
  absl::StatusOr<std::optional<StoredDocument>> Get(const std::string& collection,
                                                    const std::string& id) override;
  void GetAsync(const std::string& collection, const std::string& id, GetDone done) override;
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetMany(
      const std::string& collection, const std::vector<std::string>& ids) override;
  absl::StatusOr<ScanPage> Scan(const ScanRequest& request) override;
  absl::StatusOr<std::optional<std::string>> FindUnique(const std::string& collection,
                                                        const std::string& value) override;

  std::string EventsKey() const;
  std::string DocKey(const std::string& collection, const std::string& id) const;
  std::string IndexKey(const std::string& collection, const std::string& index) const;

 private:
  std::string UniqueKey(const std::string& collection, const std::string& value) const;

  RedisClient* const redis_;
  const RedisDocumentStoreOptions options_;
  RedisPipeliner* const pipeliner_;
  const RedisScript write_script_;
  const RedisScript scan_script_;
};

}  // namespace civitas
