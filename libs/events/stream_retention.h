// StreamRetention: how long an outbox stream keeps its events. The policy:
//   - an event stays while any consumer group of the stream has not acknowledged it (pending
//     with a consumer, or not yet delivered), however old it is;
//   - every event stays for at least `min_age`, acknowledged or not, so that a group created
//     later (a new projection) can read that much history, and so that a stream nobody consumes
//     yet still holds `min_age` of events;
//   - dead-letter streams are never trimmed: an operator reads and clears them.
// The write script never trims (see libs/store/write_script.lua); the producing service runs
// TrimOnce periodically. A group that stops consuming therefore holds the stream's memory: its
// lag (`civitas_event_consumer_lag`) is the alert, and deleting the group (XGROUP DESTROY) is
// the decision that releases it.
#pragma once

#include <cstdint>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/common/json_log.h"
#include "libs/redis/redis_client.h"

namespace civitas::events {

struct StreamRetentionOptions {
  // e.g. `civitas:{registry}:events`.
  std::string stream;
  absl::Duration min_age = absl::Hours(24);
  // How often the trimmer runs.
  absl::Duration interval = absl::Minutes(1);
};

struct TrimResult {
  // Entries older than this id were eligible (Redis removes whole nodes, so maybe not all).
  std::string threshold;
  int64_t removed = 0;
};

// Thread-safe; does not own the client or logger.
class StreamRetention {
 public:
  StreamRetention(RedisClient* redis, StreamRetentionOptions options, JsonLogger* logger);
  ~StreamRetention();
  StreamRetention(const StreamRetention&) = delete;
  StreamRetention& operator=(const StreamRetention&) = delete;

  // One trim, atomically (a script reads the groups and trims in the same step).
  absl::StatusOr<TrimResult> TrimOnce();
  // Runs TrimOnce every `interval` on a thread of its own until Stop().
  void Start();
  void Stop();

 private:
  RedisClient* const redis_;
  const StreamRetentionOptions options_;
  JsonLogger* const logger_;
  const RedisScript trim_script_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace civitas::events
