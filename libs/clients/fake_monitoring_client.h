// FakeMonitoringClient: a MonitoringClient answering from frameworks a test sets (an empty one
// for an attribution it was not given); can be told to fail the next call.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "libs/clients/monitoring_client.h"

namespace civitas::clients {

// Thread-safe.
class FakeMonitoringClient final : public MonitoringClient {
 public:
  void Set(monitoring::v1::ResultsFramework framework);
  void FailNext(absl::Status error);
  int calls() const;

  absl::StatusOr<std::vector<monitoring::v1::ResultsFramework>> BatchGetResults(
      const CallContext& ctx, const std::vector<std::string>& attributions) override;

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, monitoring::v1::ResultsFramework> frameworks_ ABSL_GUARDED_BY(mu_);
  absl::Status next_failure_ ABSL_GUARDED_BY(mu_);
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace civitas::clients
