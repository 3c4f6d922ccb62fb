#include "libs/common/partition_names.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace civitas {

bool IsPartitionName(absl::string_view name) {
  // A letter first: a cursor of digits alone is the home keyspace's (PARTITIONS.md).
  if (name.empty() || name.size() > 16 || !absl::ascii_islower(name.front())) return false;
  for (char c : name) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c)) return false;
  }
  return true;
}

std::string PartitionNameFor(absl::string_view key) {
  if (IsPartitionName(key)) return std::string(key);
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return absl::StrCat("x", absl::Hex(hash >> 4, absl::kZeroPad15));
}

std::string IdInPartition(absl::string_view partition, absl::string_view id) {
  return absl::StrCat(partition, "-", id);
}

absl::string_view PartitionOfId(absl::string_view id) {
  const size_t dash = id.find('-');
  if (dash == absl::string_view::npos) return {};
  const absl::string_view partition = id.substr(0, dash);
  return IsPartitionName(partition) ? partition : absl::string_view();
}

std::string FormatPartitionCursor(const PartitionCursor& cursor) {
  std::string out;
  for (const auto& [partition, at] : cursor.at) {
    if (at <= 0) continue;  // before the partition's first change: the same as not named
    absl::StrAppend(&out, out.empty() ? "" : ".", partition, ":", at);
  }
  return out;
}

absl::StatusOr<PartitionCursor> ParsePartitionCursor(absl::string_view text) {
  PartitionCursor cursor;
  if (text.empty()) return cursor;
  for (absl::string_view part : absl::StrSplit(text, '.')) {
    const std::vector<absl::string_view> kv = absl::StrSplit(part, ':');
    int64_t at = 0;
    if (kv.size() != 2 || !IsPartitionName(kv[0]) || kv[1].empty() || kv[1].front() == '+' ||
        kv[1].front() == '0' || !absl::SimpleAtoi(kv[1], &at) || at <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("malformed cursor part `", part, "`"));
    }
    if (!cursor.at.empty() && cursor.at.rbegin()->first >= kv[0]) {
      return absl::InvalidArgumentError(
          absl::StrCat("malformed cursor: partition `", kv[0], "` twice or out of order"));
    }
    cursor.at.emplace(std::string(kv[0]), at);
  }
  return cursor;
}

bool NotBefore(const PartitionCursor& later, const PartitionCursor& earlier) {
  for (const auto& [partition, at] : earlier.at) {
    if (later.Of(partition) < at) return false;
  }
  return true;
}

}  // namespace civitas
