#include "libs/server/background_job.h"

#include <utility>

namespace civitas {

PeriodicJob::PeriodicJob(std::string name, Principal principal, absl::Duration interval,
                         PeriodicPass pass, JsonLogger* logger)
    : name_(std::move(name)),
      principal_(std::move(principal)),
      interval_(interval),
      pass_(std::move(pass)),
      logger_(logger) {}

absl::Status PeriodicJob::Start() {
  task_.Start(interval_, [this] {
    absl::StatusOr<std::string> summary = pass_(principal_);
    if (!summary.ok()) {
      logger_->Log("warn", "background pass failed",
                   {{"job", name_}, {"error", std::string(summary.status().message())}});
    } else if (!summary->empty()) {
      logger_->Log("info", "background pass", {{"job", name_}, {"done", *summary}});
    }
  });
  return absl::OkStatus();
}

}  // namespace civitas
