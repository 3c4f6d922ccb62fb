#include "libs/store/partitions.h"

#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "libs/redis/redis_client.h"

namespace civitas {

absl::StatusOr<std::map<std::string, std::string>> ParsePartitionAddresses(
    absl::string_view setting) {
  std::map<std::string, std::string> out;
  if (absl::StripAsciiWhitespace(setting).empty()) return out;
  for (absl::string_view entry : absl::StrSplit(setting, ',')) {
    entry = absl::StripAsciiWhitespace(entry);
    // The address may hold '=' (in a password).
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(entry, absl::MaxSplits('=', 1));
    const absl::string_view partition = absl::StripAsciiWhitespace(parts.first);
    const absl::string_view address = absl::StripAsciiWhitespace(parts.second);
    if (!IsPartitionName(partition)) {
      return absl::InvalidArgumentError(
          absl::StrCat("partition_redis: `", entry,
                       "` must be <partition>=<address>, the partition a letter, then up to 15 of "
                       "[a-z0-9]"));
    }
    if (absl::Status valid = ParseRedisAddress(address).status(); !valid.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("partition_redis: `", entry, "`: ", valid.message()));
    }
    if (!out.emplace(std::string(partition), std::string(address)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("partition_redis: partition `", partition, "` is placed twice"));
    }
  }
  return out;
}

absl::StatusOr<std::string> PartitionKeyPrefix(absl::string_view home,
                                               absl::string_view partition) {
  if (!IsPartitionName(partition)) {
    return absl::InvalidArgumentError(
        absl::StrCat("partition `", partition, "`: must be a letter, then up to 15 of [a-z0-9]"));
  }
  // Redis hashes the text between the first '{' and the first '}' after it.
  const size_t open = home.find('{');
  const size_t close = open == absl::string_view::npos ? open : home.find('}', open + 1);
  if (close == absl::string_view::npos || close == open + 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("key prefix `", home, "` has no hash tag ({...}) to partition"));
  }
  return absl::StrCat(home.substr(0, close), "@", partition, home.substr(close));
}

absl::StatusOr<std::string> PartitionOfPlan(const WritePlan& plan,
                                            const std::set<std::string>& partitioned,
                                            const std::set<std::string>& copied) {
  // The keyspace of one record: its partition, or home ("") for a collection not partitioned.
  auto keyspace_of = [&](const std::string& collection,
                         const std::string& id) -> absl::StatusOr<std::string> {
    // Home for a collection kept there, and for a record written before its collection was
    // partitioned (an id that names no partition).
    if (!partitioned.contains(collection)) return std::string();
    return std::string(PartitionOfId(id));
  };
  std::optional<std::string> keyspace;
  std::string first;
  auto join = [&](const std::string& collection, const std::string& id) -> absl::Status {
    absl::StatusOr<std::string> of = keyspace_of(collection, id);
    if (!of.ok()) return of.status();
    const std::string named = absl::StrCat(collection, "/", id);
    if (!keyspace.has_value()) {
      keyspace = *of;
      first = named;
    } else if (*keyspace != *of) {
      return absl::InvalidArgumentError(
          absl::StrCat("one write may not span two keyspaces: ", first, " (",
                       keyspace->empty() ? "home" : *keyspace, ") and ", named, " (",
                       of->empty() ? "home" : *of, ")"));
    }
    return absl::OkStatus();
  };
  for (const DocumentChange& d : plan.documents) {
    if (absl::Status s = join(d.collection, d.id); !s.ok()) return s;
  }
  for (const Reference& r : plan.references) {
    // Every keyspace holds copies of these (ReferenceCopies).
    if (copied.contains(r.document.collection)) continue;
    if (absl::Status s = join(r.document.collection, r.document.id); !s.ok()) return s;
  }
  return keyspace.value_or("");
}

}  // namespace civitas
