// PeriodicTask: runs a pass now and then every `interval` on a thread of its own until Stop() or
// destruction: a service's scheduled work (certificates' expiry and alerts, vouchers' expiry). A
// pass that is running finishes; Stop waits for it.
#pragma once

#include <functional>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace civitas {

// Start and Stop from one thread; Start once.
class PeriodicTask {
 public:
  PeriodicTask() = default;
  ~PeriodicTask() { Stop(); }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void Start(absl::Duration interval, std::function<void()> pass);
  void Stop();

 private:
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace civitas
