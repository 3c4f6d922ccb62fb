// Partitions of a service's keyspace (PARTITIONS.md): the setting that places them on Redis
// servers, keyspace prefixes, and the keyspace a plan lies in (names, ids and cursors:
// partition_names.h).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/common/partition_names.h"
#include "libs/store/write_plan.h"

namespace civitas {

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

}  // namespace civitas
