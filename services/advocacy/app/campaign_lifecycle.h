// Use cases of a campaign's state: activate, pause, resume and close, each one write through
// RecordService::Apply with who made it, when and why in the campaign's state history.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"

namespace civitas::advocacy {

class CampaignLifecycle {
 public:
  CampaignLifecycle(records::RecordService<v1::Campaign>* campaigns, const Clock* clock)
      : campaigns_(campaigns), clock_(clock) {}

  absl::StatusOr<v1::Campaign> Activate(const records::Request& r, const std::string& name,
                                        const std::string& etag);
  absl::StatusOr<v1::Campaign> Pause(const records::Request& r, const std::string& name,
                                     const std::string& etag, const std::string& reason);
  absl::StatusOr<v1::Campaign> Resume(const records::Request& r, const std::string& name,
                                      const std::string& etag);
  absl::StatusOr<v1::Campaign> Close(const records::Request& r, const std::string& name,
                                     const std::string& etag, const std::string& reason);

 private:
  records::RecordService<v1::Campaign>* const campaigns_;
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
