#include "libs/clients/fake_monitoring_client.h"

#include <utility>

namespace civitas::clients {
namespace monitoring_v1 = monitoring::v1;

void FakeMonitoringClient::Set(monitoring_v1::ResultsFramework framework) {
  absl::MutexLock lock(&mu_);
  std::string attribution = framework.attribution();
  frameworks_[attribution] = std::move(framework);
}

namespace {
std::string RowKey(const std::string& indicator, const std::string& org_unit,
                   const std::string& period) {
  return indicator + "|" + org_unit + "|" + period;
}
}  // namespace

void FakeMonitoringClient::SetRow(monitoring_v1::AnalyticsRow row) {
  absl::MutexLock lock(&mu_);
  std::string key = RowKey(row.indicator(), row.org_unit(), row.period());
  rows_[key] = std::move(row);
}

void FakeMonitoringClient::FailNext(absl::Status error) {
  absl::MutexLock lock(&mu_);
  next_failure_ = std::move(error);
}

int FakeMonitoringClient::calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

absl::StatusOr<std::vector<monitoring_v1::ResultsFramework>> FakeMonitoringClient::BatchGetResults(
    const CallContext&, const std::vector<std::string>& attributions) {
  absl::MutexLock lock(&mu_);
  ++calls_;
  if (!next_failure_.ok()) return std::exchange(next_failure_, absl::OkStatus());
  std::vector<monitoring_v1::ResultsFramework> out;
  for (const std::string& a : attributions) {
    auto it = frameworks_.find(a);
    if (it != frameworks_.end()) {
      out.push_back(it->second);
    } else {
      out.emplace_back().set_attribution(a);
    }
  }
  return out;
}

absl::StatusOr<monitoring_v1::Analytics> FakeMonitoringClient::GetAnalytics(
    const CallContext&, const monitoring_v1::GetAnalyticsRequest& request) {
  absl::MutexLock lock(&mu_);
  ++calls_;
  if (!next_failure_.ok()) return std::exchange(next_failure_, absl::OkStatus());
  monitoring_v1::Analytics out;
  for (const std::string& indicator : request.indicators()) {
    for (const std::string& org_unit : request.org_units()) {
      for (const std::string& period : request.periods()) {
        auto it = rows_.find(RowKey(indicator, org_unit, period));
        if (it != rows_.end()) *out.add_rows() = it->second;
      }
    }
  }
  return out;
}

}  // namespace civitas::clients
