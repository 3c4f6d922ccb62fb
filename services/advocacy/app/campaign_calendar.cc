#include "services/advocacy/app/campaign_calendar.h"

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/advocacy/domain/calendar.h"

namespace civitas::advocacy {

absl::StatusOr<google::api::HttpBody> CampaignCalendarFeed::Feed(const records::Request& r,
                                                                 const std::string& name) {
  ASSIGN_OR_RETURN(v1::Campaign campaign, campaigns_->Get(r, name));
  ASSIGN_OR_RETURN(std::vector<v1::Activity> activities,
                   records::ScanAll<v1::Activity>(
                       store_, {absl::StrCat("campaign=", campaign.name()),
                                records::StateIndex<v1::Activity>(v1::ACTIVITY_RECORDED)}));
  const absl::Time now = clock_->Now();
  google::api::HttpBody body;
  body.set_content_type("text/calendar; charset=utf-8");
  body.set_data(
      CampaignCalendar(campaign, activities, absl::ToCivilDay(now, absl::UTCTimeZone()), now));
  return body;
}

}  // namespace civitas::advocacy
