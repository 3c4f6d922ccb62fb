// Partitions of a service's keyspace (PARTITIONS.md): their names, ids that carry them, the
// setting that places them on Redis servers, keyspace prefixes, and cursors over all of their
// change feeds. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/store/write_plan.h"

namespace civitas {

// A letter, then up to 15 of [a-z0-9]: a country's territory id in the registry (`am`, `md`).
bool IsPartitionName(absl::string_view name);

// The id of a record kept in `partition`: `<partition>-<id>`.
std::string IdInPartition(absl::string_view partition, absl::string_view id);

// The partition an id names: what precedes its first '-' when that is a partition name; empty
// for an id without one (a record of the home keyspace, or written before partitions).
absl::string_view PartitionOfId(absl::string_view id);

// The `partition_redis` setting: `<partition>=<address>[,<partition>=<address>...]`, addresses as
// ParseRedisAddress takes them, spaces around entries ignored. Empty: every partition on the home
// Redis. INVALID_ARGUMENT naming the entry that is malformed or whose partition is repeated.
absl::StatusOr<std::map<std::string, std::string>> ParsePartitionAddresses(
    absl::string_view setting);

// The key prefix of `partition` of the keyspace whose prefix is `home`: its hash tag gains
// `@<partition>` (`civitas:{monitoring}` -> `civitas:{monitoring@am}`), so a partition's keys share
// one Redis Cluster slot of their own and move between servers together. INVALID_ARGUMENT for a
// home prefix without a hash tag, or a bad partition name.
absl::StatusOr<std::string> PartitionKeyPrefix(absl::string_view home, absl::string_view partition);

// The keyspace one plan is written in: the partition its records of `partitioned` collections
// name in their ids, or home ("") when it holds none (a record whose id names no partition was
// written before its collection was partitioned, and lives at home). A plan's documents and
// references must all lie in one keyspace: INVALID_ARGUMENT naming two records in two
// keyspaces. References to records of `copied` collections lie in every keyspace (each partition
// keeps copies of them, ReferenceCopies). Counters, totals and the idempotency record are keys the
// caller names; they are written in the same keyspace, which the caller chose them for.
absl::StatusOr<std::string> PartitionOfPlan(const WritePlan& plan,
                                            const std::set<std::string>& partitioned,
                                            const std::set<std::string>& copied = {});

// A position in every partition's change feed: the cursor of each partition's store (a partition
// not named is at 0, before its first change). Text: `am:1834.md:977`, partitions in name order;
// empty text for no position at all.
struct PartitionCursor {
  std::map<std::string, int64_t> at;

  int64_t Of(const std::string& partition) const {
    auto it = at.find(partition);
    return it == at.end() ? 0 : it->second;
  }
  friend bool operator==(const PartitionCursor&, const PartitionCursor&) = default;
};
std::string FormatPartitionCursor(const PartitionCursor& cursor);
// INVALID_ARGUMENT for text FormatPartitionCursor does not write (a bad partition name, a
// partition twice or out of order, a cursor that is not a positive integer).
absl::StatusOr<PartitionCursor> ParsePartitionCursor(absl::string_view text);
// Whether `later` is at or after `earlier` in every partition.
bool NotBefore(const PartitionCursor& later, const PartitionCursor& earlier);

}  // namespace civitas
