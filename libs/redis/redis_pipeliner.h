// RedisPipeliner: reads from many threads sharing round trips, without a thread of its own.
// A caller that submits while no round trip is under way becomes the sender: it sends what is
// queued, waits for the replies and runs their callbacks on its own thread, then sends whatever
// was queued meanwhile, until the queue is empty. A caller that submits while another is sending
// only queues its command and returns at once; the sender runs its callback.
//
// Why no sender thread: handing each read to a thread and back costs two wake-ups per request,
// which at moderate rates (one request per wake-up) was most of the registry's CPU. This way an
// idle server sends a read on the thread that received the call and finishes the call there,
// while under load one thread waits per round trip and each round trip carries everything that
// arrived during the previous one. No caller waits on Redis for longer than its own batch's round
// trip plus the batches queued behind it.
//
// Writes share round trips the same way (group commit: Redis applies a batch in one turn of its
// loop and fsyncs it once), with Retry::kNever: a batch that loses its connection reports
// UNAVAILABLE to each caller (outcome unknown) and is never re-sent, since it may have been
// applied. Reads use Retry::kOnConnectionError: a batch whose connection fails before the first
// reply (a stale pooled connection) is sent again once.
//
// Blocking callers (Call, CallAll) share round trips the same way: a caller that becomes the
// sender returns once the queue is empty, the others wait for the sender to answer them. A thread
// that is running a pipeliner's callbacks (a sender) never waits for a pipeliner: its blocking
// calls go straight to the client on a connection of their own, since it may itself be the one
// thread that would answer them.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "libs/redis/redis_client.h"

namespace civitas {

class RedisPipeliner {
 public:
  // An error reply arrives as RedisErrorReplyStatus gives it (INTERNAL with the error as the
  // message, or UNAVAILABLE for a refusal); connection failures as UNAVAILABLE or
  // DEADLINE_EXCEEDED.
  using Done = std::function<void(absl::StatusOr<RedisReply>)>;

  // With Durability::kReplicated each batch ends with the client's WAIT (one for the batch).
  RedisPipeliner(RedisClient* client, Retry retry, Durability durability = Durability::kApplied,
                 size_t max_batch = 256);
  // Callers make sure no Submit is under way.
  ~RedisPipeliner() = default;
  RedisPipeliner(const RedisPipeliner&) = delete;
  RedisPipeliner& operator=(const RedisPipeliner&) = delete;

  // `done` runs exactly once: before Submit returns when this caller becomes the sender, else
  // later on the thread that is sending. It may Submit again.
  void Submit(std::vector<std::string> argv, Done done);

  // Submit, and wait for the reply on this thread.
  absl::StatusOr<RedisReply> Call(std::vector<std::string> argv);
  // Each command as Submit, waiting for every reply; replies in order, error replies as INTERNAL
  // statuses like Submit's. The commands go in one round trip, beyond `max_batch` if need be.
  std::vector<absl::StatusOr<RedisReply>> CallAll(std::vector<std::vector<std::string>> commands);

 private:
  struct Pending {
    std::vector<std::string> argv;
    Done done;
    // Goes in the same batch as the next one (a CallAll's commands stay one round trip, however
    // many: a page read by id was one pipelined round trip before it went through here).
    bool with_next = false;
  };
  // Sends batches until the queue is empty, then gives up the sender's role.
  void SendQueued();

  RedisClient* const client_;
  const Retry retry_;
  const Durability durability_;
  const size_t max_batch_;
  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool sending_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace civitas
