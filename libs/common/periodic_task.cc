#include "libs/common/periodic_task.h"

#include <utility>

namespace civitas {

void PeriodicTask::Start(absl::Duration interval, std::function<void()> pass) {
  thread_ = std::thread([this, interval, pass = std::move(pass)] {
    for (;;) {
      pass();
      absl::MutexLock lock(&mu_);
      auto stopping = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping), interval)) return;
    }
  });
}

void PeriodicTask::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace civitas
