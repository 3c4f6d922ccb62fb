// RequestActivity: when a process last started answering a caller. Background work that holds a
// shared resource in long stretches (an import's writes hold Redis for a script and its fsync)
// asks it whether callers are about, and takes shorter stretches while they are, as import
// threads already yield the CPU (they run at a lower priority). Thread-safe, lock-free.
#pragma once

#include <atomic>
#include <cstdint>

#include "absl/time/time.h"

namespace civitas {

class RequestActivity {
 public:
  // A caller's request started at `now`.
  void Note(absl::Time now) { last_.store(absl::ToUnixNanos(now), std::memory_order_relaxed); }
  // Whether no request started within `window` before `now`.
  bool QuietFor(absl::Duration window, absl::Time now) const {
    const int64_t last = last_.load(std::memory_order_relaxed);
    return last == kNever || now - absl::FromUnixNanos(last) >= window;
  }

 private:
  static constexpr int64_t kNever = INT64_MIN;
  std::atomic<int64_t> last_{kNever};
};

}  // namespace civitas
