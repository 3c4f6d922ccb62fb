// Use case of an incremental pull of campaigns: a campaign's reach is the sum of its activities'
// (totals beside it, domain/activities.h), so it moves without the campaign's own document
// changing. The pull carries first the campaigns changed in (since, until] (their own change
// feed), then the campaigns of the activities changed in that window, each once and not again if
// already carried, as they are now: a warehouse that follows the pulls keeps every reach current.
// A snapshot (since 0) is the campaigns' own feed: every campaign is in it.
#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/records/record_pull.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::advocacy {

class CampaignPull {
 public:
  CampaignPull(DocumentStore* store, records::RecordService<v1::Campaign>* campaigns)
      : store_(store), campaigns_(campaigns) {}

  // The page reader of one pull (for ExportReactor through PullExport).
  std::function<absl::StatusOr<records::ListResult<v1::Campaign>>(const records::ListQuery&)> Pages(
      Principal caller, clients::CallContext call, records::PullQuery query);

 private:
  // The campaigns, in name order, of the activities changed in the window whose own change is
  // not in it (those are the own feed's).
  absl::StatusOr<std::vector<std::string>> MovedByActivities(const records::PullQuery& query);

  DocumentStore* const store_;
  records::RecordService<v1::Campaign>* const campaigns_;
};

}  // namespace civitas::advocacy
