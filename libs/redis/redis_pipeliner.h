// RedisPipeliner: reads that do not hold the caller's thread. Callers on any thread submit a
// command with a callback; one sender thread takes everything queued, sends it in one pipelined
// round trip over a pooled connection and runs the callbacks in order. Under load a round trip
// carries many requests (fewer syscalls for Redis and for us); when idle, a command goes out at
// once. Only for commands that may be re-sent (reads): a batch that loses its connection is sent
// again once.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "libs/redis/redis_client.h"

namespace civitas {

class RedisPipeliner {
 public:
  // An error reply arrives as INTERNAL; connection failures as UNAVAILABLE or DEADLINE_EXCEEDED.
  using Done = std::function<void(absl::StatusOr<RedisReply>)>;

  explicit RedisPipeliner(RedisClient* client, size_t max_batch = 256);
  // Sends what is queued, then stops.
  ~RedisPipeliner();
  RedisPipeliner(const RedisPipeliner&) = delete;
  RedisPipeliner& operator=(const RedisPipeliner&) = delete;

  // `done` runs on the sender thread, exactly once.
  void Submit(std::vector<std::string> argv, Done done);

 private:
  struct Pending {
    std::vector<std::string> argv;
    Done done;
  };
  void SendLoop();
  bool HasWorkLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !queue_.empty();
  }

  RedisClient* const client_;
  const size_t max_batch_;
  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread sender_;
};

}  // namespace civitas
