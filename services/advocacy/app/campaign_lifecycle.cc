#include "services/advocacy/app/campaign_lifecycle.h"

#include "services/advocacy/domain/campaigns.h"

namespace civitas::advocacy {

absl::StatusOr<v1::Campaign> CampaignLifecycle::Activate(const records::Request& r,
                                                         const std::string& name,
                                                         const std::string& etag) {
  return campaigns_->Apply(r, name, etag,
                           ActivateCampaignTransition(r.caller().subject, clock_->Now()));
}

absl::StatusOr<v1::Campaign> CampaignLifecycle::Pause(const records::Request& r,
                                                      const std::string& name,
                                                      const std::string& etag,
                                                      const std::string& reason) {
  return campaigns_->Apply(r, name, etag,
                           PauseCampaignTransition(r.caller().subject, reason, clock_->Now()));
}

absl::StatusOr<v1::Campaign> CampaignLifecycle::Resume(const records::Request& r,
                                                       const std::string& name,
                                                       const std::string& etag) {
  return campaigns_->Apply(r, name, etag,
                           ResumeCampaignTransition(r.caller().subject, clock_->Now()));
}

absl::StatusOr<v1::Campaign> CampaignLifecycle::Close(const records::Request& r,
                                                      const std::string& name,
                                                      const std::string& etag,
                                                      const std::string& reason) {
  return campaigns_->Apply(r, name, etag,
                           CloseCampaignTransition(r.caller().subject, reason, clock_->Now()));
}

}  // namespace civitas::advocacy
