// Use case of a campaign's iCalendar feed: the campaign as its reader may see it, its recorded
// activities, rendered by domain/calendar.h as `text/calendar`.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "google/api/httpbody.pb.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::advocacy {

class CampaignCalendarFeed {
 public:
  CampaignCalendarFeed(DocumentStore* store, records::RecordService<v1::Campaign>* campaigns,
                       const Clock* clock)
      : store_(store), campaigns_(campaigns), clock_(clock) {}

  absl::StatusOr<google::api::HttpBody> Feed(const records::Request& r, const std::string& name);

 private:
  DocumentStore* const store_;
  records::RecordService<v1::Campaign>* const campaigns_;
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
