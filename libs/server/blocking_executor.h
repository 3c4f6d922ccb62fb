// BlockingExecutor: a fixed pool of threads for work that blocks (Redis writes waiting on
// fsync), so that gRPC's own threads never wait on it and many writes can be in flight at once,
// which is what lets Redis fsync them together.
#pragma once

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace civitas {

// Thread-safe. The destructor runs what is queued, then joins the threads.
class BlockingExecutor {
 public:
  explicit BlockingExecutor(int threads);
  ~BlockingExecutor();
  BlockingExecutor(const BlockingExecutor&) = delete;
  BlockingExecutor& operator=(const BlockingExecutor&) = delete;

  void Run(std::function<void()> task);

 private:
  void Work();

  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace civitas
