// EventConsumer: reads one outbox stream as a member of a consumer group and hands each event to
// a handler, at least once. What it guarantees:
//   - an event is acknowledged only after its handler succeeded, so a consumer that dies (even
//     SIGKILL mid-batch) loses nothing: its unacknowledged entries stay pending and, once idle
//     longer than `claim_idle`, another consumer (or this one, restarted) claims and re-handles
//     them;
//   - a failed handler is retried the same way, after `claim_idle`; after `max_attempts`
//     deliveries the entry is moved to the dead-letter stream with the reason and acknowledged,
//     so one poisonous event cannot stall the group. An entry that does not decode as an event is
//     dead-lettered at once;
//   - delivery is at least once, so a handler can see an event again (after a crash before the
//     acknowledgement). Handlers get the stream entry id to apply each event once, e.g. as the
//     idempotency key of their write plan;
//   - events come in stream order, except that a retried one comes after those behind it;
//   - Stop() is graceful: the batch in hand is finished and acknowledged, then the thread exits.
//     A stop request is noticed within `block`.
// Redis errors are logged and retried with jittered, bounded backoff; a group lost with Redis's
// data is created again.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/common/json_log.h"
#include "libs/events/consumer_group.h"
#include "libs/redis/redis_client.h"
#include "libs/store/outbox_event.h"

namespace civitas::events {

struct EventConsumerOptions {
  // e.g. `civitas:{registry}:events`.
  std::string stream;
  // One group per purpose, e.g. `grants.registry-projection`: every group gets every event.
  std::string group;
  // Unique among the group's live consumers, e.g. the pod name (DefaultConsumerName()).
  std::string consumer;
  // Empty: `<stream>:dead` (same hash slot as the stream).
  std::string dead_letter_stream;
  // Where a newly created group starts: `0` reads everything the stream retains, `$` only what
  // is added from now on.
  std::string start_id = "0";
  int batch_size = 32;
  // How long one read waits for new entries; must be shorter than the Redis command timeout.
  absl::Duration block = absl::Milliseconds(500);
  // An entry pending this long (its consumer died, or its handler failed) is claimed again.
  absl::Duration claim_idle = absl::Seconds(30);
  // Deliveries before an entry is dead-lettered.
  int max_attempts = 5;
  // How often the lag is measured.
  absl::Duration lag_interval = absl::Seconds(5);
  // Backoff after a Redis error doubles from 50 ms up to this, with jitter.
  absl::Duration max_backoff = absl::Seconds(5);
};

// `<hostname>-<pid>`.
std::string DefaultConsumerName();

// One event as the handler sees it.
struct DeliveredEvent {
  // The stream entry id: the same on every delivery of this event, unique in the stream.
  std::string id;
  // 1 on the first delivery.
  int64_t attempt = 1;
  OutboxEvent event;
};

// Returns OK when the event is applied (or was applied before); any other status leaves it
// pending for a retry. Called on the consumer's thread, one event at a time.
using EventHandler = std::function<absl::Status(const DeliveredEvent&)>;

// Told what a consumer does (metrics). Thread-safe.
class EventConsumerObserver {
 public:
  virtual ~EventConsumerObserver() = default;
  virtual void OnHandled(const std::string& stream, const std::string& group) = 0;
  virtual void OnFailed(const std::string& stream, const std::string& group) = 0;
  virtual void OnDeadLettered(const std::string& stream, const std::string& group) = 0;
  // Entries the group has not acknowledged: not yet delivered plus pending.
  virtual void OnLag(const std::string& stream, const std::string& group, int64_t entries) = 0;
};

// Owns its thread; does not own the client, observer or logger.
class EventConsumer {
 public:
  EventConsumer(RedisClient* redis, EventConsumerOptions options, EventHandler handler,
                JsonLogger* logger, EventConsumerObserver* observer = nullptr);
  ~EventConsumer();
  EventConsumer(const EventConsumer&) = delete;
  EventConsumer& operator=(const EventConsumer&) = delete;

  // Checks the options (INVALID_ARGUMENT naming the option), creates the group if missing (or,
  // while Redis cannot answer, leaves that to the consuming loop, which retries with backoff)
  // and starts consuming on a thread of its own.
  absl::Status Start();
  // Finishes and acknowledges the batch in hand, then joins the thread. Idempotent.
  void Stop();

 private:
  void Run();
  // One round: claim idle entries when due, measure the lag when due, read and handle new ones.
  absl::Status Poll();
  // Handles `entries` in order and acknowledges the handled ones.
  absl::Status HandleBatch(const std::vector<StreamEntry>& entries);
  // Hands one entry to the handler (or dead-letters it); appends it to `handled` on success.
  absl::Status HandleEntry(const StreamEntry& entry, std::vector<std::string>* handled);
  absl::Status DeadLetter(const StreamEntry& entry, int64_t attempts, absl::string_view reason);
  bool stopping();
  // Waits `d` or until Stop().
  void Pause(absl::Duration d);

  const EventConsumerOptions options_;
  const EventHandler handler_;
  JsonLogger* const logger_;
  EventConsumerObserver* const observer_;
  const absl::Duration redis_timeout_;
  ConsumerGroup group_;
  // Consumer thread only.
  std::string claim_cursor_ = "0-0";
  absl::Time next_claim_ = absl::InfinitePast();
  absl::Time next_lag_ = absl::InfinitePast();

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace civitas::events
