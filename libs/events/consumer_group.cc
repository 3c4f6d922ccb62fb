#include "libs/events/consumer_group.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/events/event_scripts.h"

namespace civitas::events {
namespace {

// Largest number of undelivered entries the lag script counts one by one (only when Redis
// cannot compute the lag itself); beyond it the gauge saturates.
constexpr int kLagCountCap = 100000;

absl::Status Malformed(absl::string_view what) {
  return absl::InternalError(absl::StrCat("malformed redis reply to ", what));
}

absl::StatusOr<StreamFields> FieldsOf(const RedisReply& reply) {
  StreamFields fields;
  if (reply.is_nil()) {
    return fields;  // the entry was deleted from the stream
  }
  if (reply.type != RedisReply::Type::kArray || reply.elements.size() % 2 != 0) {
    return Malformed("stream entry fields");
  }
  fields.reserve(reply.elements.size() / 2);
  for (size_t i = 0; i < reply.elements.size(); i += 2) {
    fields.emplace_back(reply.elements[i].str, reply.elements[i + 1].str);
  }
  return fields;
}

std::string Millis(absl::Duration d) { return absl::StrCat(absl::ToInt64Milliseconds(d)); }

}  // namespace

bool IsMissingGroup(const absl::Status& status) {
  return absl::StrContains(status.message(), "NOGROUP");
}

ConsumerGroup::ConsumerGroup(RedisClient* redis, std::string stream, std::string group,
                             std::string dead_letter_stream)
    : redis_(redis),
      stream_(std::move(stream)),
      group_(std::move(group)),
      dead_letter_stream_(std::move(dead_letter_stream)),
      claim_script_(kClaimScriptSource),
      dead_letter_script_(kDeadLetterScriptSource),
      lag_script_(kLagScriptSource) {}

absl::Status ConsumerGroup::Create(absl::string_view start_id) {
  auto reply =
      redis_->Command({"XGROUP", "CREATE", stream_, group_, std::string(start_id), "MKSTREAM"},
                      Retry::kOnConnectionError);
  if (!reply.ok() && absl::StrContains(reply.status().message(), "BUSYGROUP")) {
    return absl::OkStatus();
  }
  return reply.status();
}

absl::StatusOr<std::vector<StreamEntry>> ConsumerGroup::ReadNew(absl::string_view consumer,
                                                                int count, absl::Duration block) {
  auto reply =
      redis_->Command({"XREADGROUP", "GROUP", group_, std::string(consumer), "COUNT",
                       absl::StrCat(count), "BLOCK", Millis(block), "STREAMS", stream_, ">"});
  if (!reply.ok()) {
    return reply.status();
  }
  std::vector<StreamEntry> entries;
  if (reply->is_nil()) {
    return entries;  // nothing arrived within `block`
  }
  if (reply->type != RedisReply::Type::kArray || reply->elements.size() != 1 ||
      reply->elements[0].elements.size() != 2) {
    return Malformed("XREADGROUP");
  }
  for (const RedisReply& entry : reply->elements[0].elements[1].elements) {
    if (entry.elements.size() != 2) {
      return Malformed("XREADGROUP");
    }
    auto fields = FieldsOf(entry.elements[1]);
    if (!fields.ok()) {
      return fields.status();
    }
    entries.push_back({entry.elements[0].str, 1, *std::move(fields)});
  }
  return entries;
}

absl::StatusOr<ClaimedEntries> ConsumerGroup::ClaimIdle(absl::string_view consumer,
                                                        absl::Duration min_idle,
                                                        absl::string_view cursor, int count) {
  auto reply = redis_->Eval(
      claim_script_, {stream_},
      {group_, std::string(consumer), Millis(min_idle), std::string(cursor), absl::StrCat(count)});
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->elements.size() != 3) {
    return Malformed("the claim script");
  }
  ClaimedEntries claimed;
  claimed.next_cursor = reply->elements[0].str;
  claimed.deleted = reply->elements[2].integer;
  for (const RedisReply& entry : reply->elements[1].elements) {
    if (entry.elements.size() != 3) {
      return Malformed("the claim script");
    }
    auto fields = FieldsOf(entry.elements[2]);
    if (!fields.ok()) {
      return fields.status();
    }
    claimed.entries.push_back(
        {entry.elements[0].str, entry.elements[1].integer, *std::move(fields)});
  }
  return claimed;
}

absl::Status ConsumerGroup::Ack(const std::vector<std::string>& ids) {
  if (ids.empty()) {
    return absl::OkStatus();
  }
  std::vector<std::string> argv = {"XACK", stream_, group_};
  argv.insert(argv.end(), ids.begin(), ids.end());
  // Acknowledging is idempotent, so a resend after a broken connection is safe.
  return redis_->Command(argv, Retry::kOnConnectionError).status();
}

absl::StatusOr<bool> ConsumerGroup::DeadLetter(absl::string_view id, int64_t attempts,
                                               absl::string_view reason) {
  auto reply = redis_->Eval(dead_letter_script_, {stream_, dead_letter_stream_},
                            {group_, std::string(id), absl::StrCat(attempts), std::string(reason)});
  if (!reply.ok()) {
    return reply.status();
  }
  return reply->integer == 1;
}

absl::StatusOr<GroupLag> ConsumerGroup::Lag() {
  auto reply = redis_->Eval(lag_script_, {stream_}, {group_, absl::StrCat(kLagCountCap)},
                            Retry::kOnConnectionError);
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->elements.size() != 2) {
    return Malformed("the lag script");
  }
  return GroupLag{reply->elements[0].integer, reply->elements[1].integer};
}

}  // namespace civitas::events
