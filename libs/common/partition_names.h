// Partitions' names (PARTITIONS.md): what a partition may be called, ids that carry their
// partition, and cursors over every partition's change feed (libs/store/PARTITIONS.md). Pure, in
// libs/common: services' domain/ rules use them (a warehouse pull's cursor) without a store.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace civitas {

// A letter, then up to 15 of [a-z0-9]: a country's territory id in the registry (`am`, `md`).
bool IsPartitionName(absl::string_view name);

// The partition of a key that may not be a partition name itself (a country's territory id,
// which callers choose): the key when it is one (`am`), else `x` and 15 hex digits of its 64-bit
// FNV-1a hash (an id longer than 16 characters, or starting with a digit). Stable across builds.
std::string PartitionNameFor(absl::string_view key);

// The id of a record kept in `partition`: `<partition>-<id>`.
std::string IdInPartition(absl::string_view partition, absl::string_view id);

// The partition an id names: what precedes its first '-' when that is a partition name; empty
// for an id without one (a record of the home keyspace, or written before partitions).
absl::string_view PartitionOfId(absl::string_view id);

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
