#include "services/advocacy/app/territory_calendar.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "civitas/advocacy/v1/planning.pb.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "libs/records/record.h"
#include "services/advocacy/domain/calendar.h"
#include "services/advocacy/domain/campaigns.h"

namespace civitas::advocacy {

absl::StatusOr<google::api::HttpBody> TerritoryCalendarFeed::Feed(const records::Request& r,
                                                                  const std::string& territory) {
  if (!aip::IsNameOf<registry::v1::Territory>(territory)) {
    return InvalidArgumentError({{"territory", "must be a resource name territories/{territory}"}});
  }
  Violations missing;
  RETURN_IF_ERROR(
      clients::CheckTerritoryRegistered(registry_, territory, "territory", &missing, r.call()));
  if (!missing.empty()) return absl::NotFoundError(absl::StrCat(territory, " not found"));
  DocumentStore* reads = r.reads(store_);
  std::vector<CalendarEvent> events;
  ASSIGN_OR_RETURN(
      std::vector<v1::PlanningCycle> cycles,
      records::ScanAll<v1::PlanningCycle>(reads, {absl::StrCat("territory=", territory)}));
  for (const v1::PlanningCycle& cycle : cycles) {
    if (cycle.state() == v1::CYCLE_ARCHIVED) continue;
    ASSIGN_OR_RETURN(std::vector<v1::PrioritisationRound> rounds,
                     records::ScanAll<v1::PrioritisationRound>(
                         reads, {absl::StrCat("cycle=", cycle.name()),
                                 records::StateIndex<v1::PrioritisationRound>(v1::ROUND_OPEN)}));
    for (CalendarEvent& e : PlanningEvents(cycle, rounds)) events.push_back(std::move(e));
  }
  ASSIGN_OR_RETURN(std::vector<v1::Campaign> campaigns,
                   records::ScanAll<v1::Campaign>(reads, {absl::StrCat("territory=", territory)}));
  for (const v1::Campaign& campaign : campaigns) {
    if (campaign.state() == v1::CAMPAIGN_ARCHIVED || !CanReadCampaign(r.caller(), campaign)) {
      continue;
    }
    ASSIGN_OR_RETURN(std::vector<v1::Activity> activities,
                     records::ScanAll<v1::Activity>(
                         reads, {absl::StrCat("campaign=", campaign.name()),
                                 records::StateIndex<v1::Activity>(v1::ACTIVITY_RECORDED)}));
    for (CalendarEvent& e : ActivityEvents(campaign, activities)) events.push_back(std::move(e));
  }
  const absl::Time now = clock_->Now();
  google::api::HttpBody body;
  body.set_content_type("text/calendar; charset=utf-8");
  body.set_data(IcsCalendar(absl::StrCat("Civitas: ", territory), std::move(events),
                            absl::ToCivilDay(now, absl::UTCTimeZone()), now));
  return body;
}

}  // namespace civitas::advocacy
