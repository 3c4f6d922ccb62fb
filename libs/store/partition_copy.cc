#include "libs/store/partition_copy.h"

#include <algorithm>
#include <functional>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "libs/common/status_macros.h"

namespace civitas {
namespace {

// `prefix` as a SCAN pattern matching it literally, then anything.
std::string PatternOf(const std::string& prefix) {
  std::string out;
  for (char c : prefix) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out + ":*";
}

// Calls `page` with each page of the keys matching `pattern` (a key may come twice: SCAN's
// guarantee is only that every key present throughout comes at least once).
absl::Status ScanKeys(RedisClient* redis, const std::string& pattern,
                      const std::function<absl::Status(std::vector<std::string>)>& page) {
  std::string cursor = "0";
  do {
    ASSIGN_OR_RETURN(RedisReply reply,
                     redis->Command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"},
                                    Retry::kOnConnectionError));
    if (reply.is_error()) return absl::InternalError(absl::StrCat("SCAN: ", reply.str));
    if (reply.elements.size() != 2) return absl::InternalError("SCAN: an unexpected reply");
    cursor = reply.elements[0].str;
    std::vector<std::string> keys;
    for (RedisReply& key : reply.elements[1].elements) keys.push_back(std::move(key.str));
    if (!keys.empty()) RETURN_IF_ERROR(page(std::move(keys)));
  } while (cursor != "0");
  return absl::OkStatus();
}

absl::StatusOr<int64_t> SequenceOf(RedisClient* redis, const std::string& prefix) {
  ASSIGN_OR_RETURN(RedisReply reply,
                   redis->Command({"GET", prefix + ":seq"}, Retry::kOnConnectionError));
  if (reply.is_error()) return absl::InternalError(absl::StrCat("GET: ", reply.str));
  if (reply.is_nil()) return 0;
  int64_t seq = 0;
  if (!absl::SimpleAtoi(reply.str, &seq)) {
    return absl::DataLossError(absl::StrCat(prefix, ":seq is not a number"));
  }
  return seq;
}

// The server's run id (INFO server): two clients reaching the same Redis see the same one.
absl::StatusOr<std::string> RunIdOf(RedisClient* redis) {
  ASSIGN_OR_RETURN(RedisReply reply, redis->Command({"INFO", "server"}, Retry::kOnConnectionError));
  if (reply.is_error()) return absl::InternalError(absl::StrCat("INFO: ", reply.str));
  for (absl::string_view line : absl::StrSplit(reply.str, absl::ByAnyChar("\r\n"))) {
    if (absl::ConsumePrefix(&line, "run_id:")) return std::string(line);
  }
  return absl::InternalError("INFO server names no run_id");
}

absl::StatusOr<int64_t> CountKeys(RedisClient* redis, const std::string& pattern) {
  std::set<std::string> seen;
  RETURN_IF_ERROR(ScanKeys(redis, pattern, [&seen](std::vector<std::string> keys) {
    seen.insert(std::make_move_iterator(keys.begin()), std::make_move_iterator(keys.end()));
    return absl::OkStatus();
  }));
  return static_cast<int64_t>(seen.size());
}

}  // namespace

absl::StatusOr<PartitionCopyReport> CopyPartition(RedisClient* from, RedisClient* to,
                                                  const std::string& prefix,
                                                  const PartitionCopyOptions& options) {
  const std::string pattern = PatternOf(prefix);
  // Nothing is deleted before it is known that the source is another server holding the
  // partition (a target named twice, or the two swapped, would lose it).
  ASSIGN_OR_RETURN(const std::string from_id, RunIdOf(from));
  ASSIGN_OR_RETURN(const std::string to_id, RunIdOf(to));
  if (from_id == to_id) {
    return absl::FailedPreconditionError(
        "the source and the target are the same Redis server: nothing copied");
  }
  ASSIGN_OR_RETURN(const int64_t on_source_before, CountKeys(from, pattern));
  if (on_source_before == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the source holds no keys of ", prefix, ": nothing copied"));
  }
  // What the target holds of the partition: refused, or deleted first.
  int64_t held = 0;
  RETURN_IF_ERROR(ScanKeys(to, pattern, [&](std::vector<std::string> keys) -> absl::Status {
    held += static_cast<int64_t>(keys.size());
    if (!options.replace) return absl::OkStatus();
    std::vector<std::string> unlink = {"UNLINK"};
    unlink.insert(unlink.end(), keys.begin(), keys.end());
    ASSIGN_OR_RETURN(RedisReply reply, to->Command(unlink));
    if (reply.is_error()) return absl::InternalError(absl::StrCat("UNLINK: ", reply.str));
    return absl::OkStatus();
  }));
  if (held > 0 && !options.replace) {
    return absl::FailedPreconditionError(absl::StrCat("the target already holds keys of ", prefix,
                                                      ": copy with replace to delete them first"));
  }

  ASSIGN_OR_RETURN(const int64_t sequence, SequenceOf(from, prefix));
  std::set<std::string> copied;
  const size_t per_trip = static_cast<size_t>(std::max(1, options.keys_per_round_trip));
  RETURN_IF_ERROR(ScanKeys(from, pattern, [&](std::vector<std::string> keys) -> absl::Status {
    std::vector<std::string> fresh;
    for (std::string& key : keys) {
      if (copied.insert(key).second) fresh.push_back(std::move(key));
    }
    for (size_t at = 0; at < fresh.size(); at += per_trip) {
      const size_t end = std::min(fresh.size(), at + per_trip);
      std::vector<std::vector<std::string>> dumps;
      for (size_t i = at; i < end; ++i) {
        dumps.push_back({"PTTL", fresh[i]});
        dumps.push_back({"DUMP", fresh[i]});
      }
      ASSIGN_OR_RETURN(std::vector<RedisReply> dumped,
                       from->Pipeline(dumps, Retry::kOnConnectionError));
      std::vector<std::vector<std::string>> restores;
      for (size_t i = at; i < end; ++i) {
        const RedisReply& ttl = dumped[2 * (i - at)];
        RedisReply& payload = dumped[2 * (i - at) + 1];
        if (ttl.is_error() || payload.is_error()) {
          return absl::InternalError(
              absl::StrCat("DUMP ", fresh[i], ": ", ttl.is_error() ? ttl.str : payload.str));
        }
        // Gone since the scan: a write deleted it (the sequence check below says so).
        if (payload.is_nil()) continue;
        // PTTL: -1 no expiry (RESTORE's 0), else the milliseconds left (0: expiring now).
        const int64_t expires_in = ttl.integer < 0 ? 0 : std::max<int64_t>(ttl.integer, 1);
        std::vector<std::string> restore = {"RESTORE", fresh[i], absl::StrCat(expires_in),
                                            std::move(payload.str)};
        restores.push_back(std::move(restore));
      }
      if (restores.empty()) continue;
      ASSIGN_OR_RETURN(std::vector<RedisReply> restored, to->Pipeline(restores));
      for (size_t i = 0; i < restored.size(); ++i) {
        if (restored[i].is_error()) {
          return absl::InternalError(
              absl::StrCat("RESTORE ", restores[i][1], ": ", restored[i].str));
        }
      }
    }
    return absl::OkStatus();
  }));

  ASSIGN_OR_RETURN(const int64_t after, SequenceOf(from, prefix));
  if (after != sequence) {
    return absl::FailedPreconditionError(absl::StrCat(
        prefix, " was written during the copy (its sequence went from ", sequence, " to ", after,
        "): the target does not hold a copy; stop the service's writers and copy again with "
        "replace"));
  }
  ASSIGN_OR_RETURN(const int64_t on_target, CountKeys(to, pattern));
  ASSIGN_OR_RETURN(const int64_t on_source, CountKeys(from, pattern));
  if (on_target != on_source) {
    return absl::FailedPreconditionError(absl::StrCat("the target holds ", on_target, " keys of ",
                                                      prefix, ", the source ", on_source,
                                                      ": copy again with replace"));
  }
  return PartitionCopyReport{.keys = on_target, .sequence = sequence};
}

}  // namespace civitas
