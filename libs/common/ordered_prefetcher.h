// Results made ahead of need, in order, on one thread of its own: work for `first`, `first + 1`,
// ... up to `end` is done one item after another (so what it shares, a cache say, has one user
// at a time), never more than `depth` items ahead of what was taken. An import writes one batch
// while the next ones are planned: the planner's reads and CPU overlap the store's work on the
// batch before.
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <thread>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace civitas {

template <typename T>
class OrderedPrefetcher {
 public:
  using Produce = std::function<absl::StatusOr<T>(int index)>;

  // Starts producing at once. After a failed result nothing more is produced (it is the last).
  OrderedPrefetcher(Produce produce, int first, int end, int depth)
      : produce_(std::move(produce)), next_(first), end_(end), depth_(depth) {
    thread_ = std::thread([this, first] { Loop(first); });
  }
  OrderedPrefetcher(const OrderedPrefetcher&) = delete;
  OrderedPrefetcher& operator=(const OrderedPrefetcher&) = delete;

  // Waits for the item being made, if any, and stops.
  ~OrderedPrefetcher() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    thread_.join();
  }

  // `index`'s result, waiting for it, when `index` is the next one in order; nullopt otherwise
  // (and when production ended before it). Taking moves on to the next index.
  std::optional<absl::StatusOr<T>> Take(int index) {
    absl::MutexLock lock(&mu_);
    if (index != next_ || index >= end_) return std::nullopt;
    auto has_next = [this] { return !ready_.empty() || ended_; };
    mu_.Await(absl::Condition(&has_next));
    if (ready_.empty()) return std::nullopt;
    absl::StatusOr<T> out = std::move(ready_.front());
    ready_.pop_front();
    ++next_;
    return out;
  }

 private:
  void Loop(int first) {
    for (int index = first; index < end_; ++index) {
      {
        absl::MutexLock lock(&mu_);
        auto room = [this] { return stopping_ || static_cast<int>(ready_.size()) < depth_; };
        mu_.Await(absl::Condition(&room));
        if (stopping_) break;
      }
      absl::StatusOr<T> made = produce_(index);
      const bool failed = !made.ok();
      absl::MutexLock lock(&mu_);
      ready_.push_back(std::move(made));
      if (failed) break;
    }
    absl::MutexLock lock(&mu_);
    ended_ = true;
  }

  const Produce produce_;
  absl::Mutex mu_;
  std::deque<absl::StatusOr<T>> ready_ ABSL_GUARDED_BY(mu_);
  int next_ ABSL_GUARDED_BY(mu_);
  const int end_;
  const int depth_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace civitas
