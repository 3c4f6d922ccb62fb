// RedisDocumentStore: DocumentStore on Redis. Every write is ONE server-side script (see
// write_script.lua). Keys live under `<prefix>` = `civitas:{<service>}` so that a service's keys
// share one Redis Cluster slot:
//   <prefix>:doc:<collection>:<id>        hash {v: version, s: sequence, d: protobuf payload,
//                                          st: state}
//   <prefix>:idx:<collection>:<index>     sorted set of ids scored by sequence (`_all` = every doc)
//   <prefix>:uniq:<collection>:<value>    string: id of the holder of a unique value
//   <prefix>:idem:<collection>:<key>      string: id made by an idempotent create (expires)
//   <prefix>:ctr:<name>                   string: a bounded counter (integer)
//   <prefix>:seq                          sequence counter
//   <prefix>:events                       outbox stream (trimmed by libs/events/stream_retention)
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
};

// Thread-safe; does not own the client.
class RedisDocumentStore final : public DocumentStore {
 public:
  // With `pipeliner` (Retry::kOnConnectionError), reads by id, unique value and counter (Get,
  // GetAsync, GetMany and GetAcross of a few documents, FindUnique(s), GetCounter) go through it:
  // concurrent reads share round trips, whether their callers wait or not. With `write_pipeliner`
  // (Retry::kNever, its own connection so that reads never wait behind an fsync), Write and
  // WriteAsync write through it: concurrent writes share a round trip and an fsync. Scans, change
  // pages and totals keep a pooled connection each (large replies would hold the small reads queued
  // behind them).
  RedisDocumentStore(RedisClient* redis, RedisDocumentStoreOptions options,
                     RedisPipeliner* pipeliner = nullptr,
                     RedisPipeliner* write_pipeliner = nullptr);

  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override;
  void WriteAsync(WritePlan plan, WriteDone done) override;
  std::vector<absl::StatusOr<WriteOutcome>> WriteAll(std::vector<WritePlan> plans) override;
  absl::StatusOr<std::optional<StoredDocument>> Get(const std::string& collection,
                                                    const std::string& id) override;
  void GetAsync(const std::string& collection, const std::string& id, GetDone done) override;
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetMany(
      const std::string& collection, const std::vector<std::string>& ids) override;
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetAcross(
      const std::vector<DocumentKey>& keys) override;
  absl::StatusOr<ScanPage> Scan(const ScanRequest& request) override;
  absl::StatusOr<std::optional<std::string>> FindUnique(const std::string& collection,
                                                        const std::string& value) override;
  absl::StatusOr<std::vector<std::optional<std::string>>> FindUniques(
      const std::string& collection, const std::vector<std::string>& values) override;
  absl::StatusOr<int64_t> GetCounter(const std::string& name) override;
  absl::StatusOr<int64_t> ChangeCursor() override;
  absl::StatusOr<ChangePage> Changes(const ChangeScan& scan) override;
  absl::StatusOr<std::vector<Totals>> GetTotals(const std::vector<std::string>& keys) override;

  std::string EventsKey() const;
  std::string DocKey(const std::string& collection, const std::string& id) const;
  std::string IndexKey(const std::string& collection, const std::string& index) const;

 private:
  struct ScriptCall {
    std::vector<std::string> keys;
    std::vector<std::string> args;
  };
  ScriptCall WriteCall(const WritePlan& plan) const;
  // EVALSHA of the write script with the plan's keys and arguments.
  std::vector<std::string> WriteArgv(const WritePlan& plan) const;
  absl::StatusOr<WriteOutcome> WriteOnPooledConnection(const WritePlan& plan);
  // The outcome of a write script's reply; a script Redis no longer holds (NOSCRIPT: it did not
  // run) is written again through EVAL.
  absl::StatusOr<WriteOutcome> WriteOutcomeOrRetry(const WritePlan& plan,
                                                   absl::StatusOr<RedisReply> reply);
  // Through the read pipeliner when there is one, else on a pooled connection.
  absl::StatusOr<RedisReply> Read(std::vector<std::string> argv);
  absl::StatusOr<std::vector<RedisReply>> ReadAll(std::vector<std::vector<std::string>> commands);
  absl::StatusOr<WriteOutcome> WriteOutcomeOf(const WritePlan& plan, const RedisReply& reply) const;
  std::string UniqueKey(const std::string& collection, const std::string& value) const;
  std::string ChangeLogKey(const std::string& collection) const;
  std::string TotalsKey(const std::string& key) const;
  std::string CounterKey(const std::string& name) const;

  RedisClient* const redis_;
  const RedisDocumentStoreOptions options_;
  RedisPipeliner* const pipeliner_;
  RedisPipeliner* const write_pipeliner_;
  const RedisScript write_script_;
  const RedisScript scan_script_;
};

}  // namespace civitas
