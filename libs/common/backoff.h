// Backoff: how long to wait before trying again something that failed for a reason that may pass
// (a write that lost a race for a record, Redis away, a backend not accepting connections). The
// bound grows from `initial` by `multiplier` up to `max`; each wait is drawn uniformly from
// [0, bound] ("full jitter"), so that clients that failed together do not retry together. One
// helper for every retry in Civitas: the write retry of libs/records, the event consumer, the
// gateway's gRPC channel.
#pragma once

#include "absl/random/random.h"
#include "absl/time/time.h"

namespace civitas {

struct BackoffOptions {
  absl::Duration initial = absl::Milliseconds(50);
  absl::Duration max = absl::Seconds(5);
  double multiplier = 2.0;
  // Off: every wait is the bound itself (a deterministic schedule, e.g. for reconnects whose
  // spread comes from elsewhere).
  bool jitter = true;
};

// Not thread-safe: one per retrying loop (or per connection).
class Backoff {
 public:
  explicit Backoff(BackoffOptions options = {}) : options_(options), bound_(options.initial) {}

  // The wait before the next attempt; the bound then grows.
  absl::Duration Next();
  // After a success: the next failure waits from `initial` again.
  void Reset() { bound_ = options_.initial; }
  // The bound the next wait is drawn under.
  absl::Duration bound() const { return bound_; }

 private:
  const BackoffOptions options_;
  absl::Duration bound_;
  absl::BitGen random_;
};

}  // namespace civitas
