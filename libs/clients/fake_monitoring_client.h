// FakeMonitoringClient: a MonitoringClient answering from frameworks and analytics rows a test
// sets (an empty framework for an attribution it was not given; the rows of the indicator, org
// unit and periods asked); can be told to fail the next call.
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
  // A row GetAnalytics answers when asked for its indicator, org unit and period (replacing
  // one set before for them).
  void SetRow(monitoring::v1::AnalyticsRow row);
  void FailNext(absl::Status error);
  int calls() const;

  absl::StatusOr<std::vector<monitoring::v1::ResultsFramework>> BatchGetResults(
      const CallContext& ctx, const std::vector<std::string>& attributions) override;
  absl::StatusOr<monitoring::v1::Analytics> GetAnalytics(
      const CallContext& ctx, const monitoring::v1::GetAnalyticsRequest& request) override;

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, monitoring::v1::ResultsFramework> frameworks_ ABSL_GUARDED_BY(mu_);
  // By indicator, org unit and period.
  std::map<std::string, monitoring::v1::AnalyticsRow> rows_ ABSL_GUARDED_BY(mu_);
  absl::Status next_failure_ ABSL_GUARDED_BY(mu_);
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace civitas::clients
