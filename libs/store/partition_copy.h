// CopyPartition: a partition's keyspace (PARTITIONS.md) copied from one Redis server to another,
// key by key (DUMP on one, RESTORE on the other, so that the servers need not reach each other):
// how a country moves to a Redis of its own. Its writers must be stopped meanwhile; a write to
// the partition during the copy (its sequence moved) fails the copy.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "libs/redis/redis_client.h"

namespace civitas {

struct PartitionCopyOptions {
  // Delete what the target holds of the partition first (a copy tried before); else a target
  // holding any of its keys is refused.
  bool replace = false;
  // Keys dumped, then restored, per round trip.
  int keys_per_round_trip = 200;
};

struct PartitionCopyReport {
  // Keys copied (documents, indexes, claims, totals, counters, change logs, the outbox stream
  // with its consumer groups, the sequence).
  int64_t keys = 0;
  // The partition's sequence when copied (0: it has none yet).
  int64_t sequence = 0;
};

// Copies every key under `prefix` (a partition's key prefix, `civitas:{monitoring@md}`) from
// `from` to `to`, with their expiries, leaving `from` as it was. FAILED_PRECONDITION, nothing
// deleted, when `from` and `to` are the same server or `from` holds no key of `prefix`, or when
// `to` holds keys of `prefix` (without `replace`); FAILED_PRECONDITION after the copy when the
// partition was written meanwhile (its `seq` moved, which every write of documents does: what
// `to` holds is not a copy; stop the writers and copy again with `replace`), or when `to` does
// not hold as many keys as `from` at the end; the store's errors otherwise.
absl::StatusOr<PartitionCopyReport> CopyPartition(RedisClient* from, RedisClient* to,
                                                  const std::string& prefix,
                                                  const PartitionCopyOptions& options);

}  // namespace civitas
