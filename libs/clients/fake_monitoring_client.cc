#include "libs/clients/fake_monitoring_client.h"

#include <utility>

namespace civitas::clients {
namespace monitoring_v1 = monitoring::v1;

void FakeMonitoringClient::Set(monitoring_v1::ResultsFramework framework) {
  absl::MutexLock lock(&mu_);
  std::string attribution = framework.attribution();
  frameworks_[attribution] = std::move(framework);
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

}  // namespace civitas::clients
