// ConsumerGroup: the Redis commands a consumer of one outbox stream needs, as one consumer group
// of it: create the group, read new entries, claim entries left pending too long, acknowledge,
// dead-letter, and measure how far behind the group is. Thin: no loop, no policy (EventConsumer
// has those).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "libs/redis/redis_client.h"
#include "libs/store/outbox_event.h"

namespace civitas::events {

// One stream entry as delivered to this group.
struct StreamEntry {
  // The stream entry id, e.g. `1732363200000-0`: unique per stream, the key handlers use to
  // apply an event at most once.
  std::string id;
  // How many times the group has delivered it, this delivery included.
  int64_t deliveries = 1;
  StreamFields fields;
};

struct ClaimedEntries {
  // Where the next claim continues (`0-0` once the scan of the pending list wrapped around).
  std::string next_cursor;
  std::vector<StreamEntry> entries;
  // Pending entries whose stream entry had been deleted; Redis dropped them from the group.
  int64_t deleted = 0;
};

struct GroupLag {
  // Entries in the stream not yet delivered to the group.
  int64_t undelivered = 0;
  // Entries delivered to some consumer of the group and not acknowledged.
  int64_t pending = 0;
};

// Thread-safe (the client is); does not own the client. Keys must share a hash slot
// (`civitas:{service}:events` and `civitas:{service}:events:dead`) for Redis Cluster.
class ConsumerGroup {
 public:
  ConsumerGroup(RedisClient* redis, std::string stream, std::string group,
                std::string dead_letter_stream);

  // XGROUP CREATE ... MKSTREAM starting after `start_id` (`0`: everything the stream retains;
  // `$`: only entries added from now on). An existing group is left as it is.
  absl::Status Create(absl::string_view start_id);
  // XREADGROUP `>`: up to `count` entries never delivered to the group, waiting up to `block`
  // when there are none. The client's command timeout must exceed `block`.
  absl::StatusOr<std::vector<StreamEntry>> ReadNew(absl::string_view consumer, int count,
                                                   absl::Duration block);
  // XAUTOCLAIM: up to `count` entries pending longer than `min_idle`, now owned by `consumer`,
  // with their delivery counts; `cursor` is `0-0` or the previous call's `next_cursor`.
  absl::StatusOr<ClaimedEntries> ClaimIdle(absl::string_view consumer, absl::Duration min_idle,
                                           absl::string_view cursor, int count);
  // XACK; acknowledging an entry twice is harmless.
  absl::Status Ack(const std::vector<std::string>& ids);
  // Copies the entry, with why it failed, to the dead-letter stream and acknowledges it, in one
  // step. False when it was no longer pending (nothing done).
  absl::StatusOr<bool> DeadLetter(absl::string_view id, int64_t attempts, absl::string_view reason);
  absl::StatusOr<GroupLag> Lag();

  const std::string& stream() const { return stream_; }
  const std::string& group() const { return group_; }
  const std::string& dead_letter_stream() const { return dead_letter_stream_; }

 private:
  RedisClient* const redis_;
  const std::string stream_;
  const std::string group_;
  const std::string dead_letter_stream_;
  const RedisScript claim_script_;
  const RedisScript dead_letter_script_;
  const RedisScript lag_script_;
};

// True for the error Redis gives when the group (or its stream) does not exist, e.g. after Redis
// lost its data: the consumer creates the group again.
bool IsMissingGroup(const absl::Status& status);

}  // namespace civitas::events
