// BackgroundJob: work a service does besides answering calls (periodic passes, event consumers).
// ServiceRuntime starts its jobs once the service serves and stops them, in the reverse order,
// once it stopped taking calls, so that a job never outlives what it uses and a drain ends the
// work in progress instead of cutting it.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/auth/principal.h"
#include "libs/common/json_log.h"
#include "libs/common/periodic_task.h"

namespace civitas {

class BackgroundJob {
 public:
  virtual ~BackgroundJob() = default;
  // e.g. `voucher-expiry`: with the service's name it makes the job's principal and log lines.
  virtual const std::string& name() const = 0;
  virtual absl::Status Start() = 0;
  // Returns once the work in progress finished; nothing starts after.
  virtual void Stop() = 0;
};

// One pass of a periodic job, as `principal`: a summary for the log ("" when there is nothing to
// say), or an error (logged; the next pass runs as planned).
using PeriodicPass = std::function<absl::StatusOr<std::string>(const Principal& principal)>;

// Runs a pass at start and then every `interval`, on a thread of its own.
class PeriodicJob : public BackgroundJob {
 public:
  PeriodicJob(std::string name, Principal principal, absl::Duration interval, PeriodicPass pass,
              JsonLogger* logger);

  const std::string& name() const override { return name_; }
  absl::Status Start() override;
  void Stop() override { task_.Stop(); }

 private:
  const std::string name_;
  const Principal principal_;
  const absl::Duration interval_;
  const PeriodicPass pass_;
  JsonLogger* const logger_;
  PeriodicTask task_;
};

}  // namespace civitas
