#include "services/advocacy/app/campaign_pull.h"

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"

namespace civitas::advocacy {
namespace {

// Entries a change-feed scan examines per round trip while the window's names are gathered.
constexpr int kFeedScanLimit = 1000;

// Calls `visit` with every document changed in the window of `collection`'s feed.
absl::Status VisitFeed(DocumentStore* store, const std::string& collection,
                       const records::PullQuery& query,
                       const std::function<void(const ChangedDocument&)>& visit) {
  ChangeScan scan;
  scan.collection = collection;
  scan.since = query.since;
  scan.until = query.until;
  scan.limit = kFeedScanLimit;
  for (;;) {
    ASSIGN_OR_RETURN(ChangePage page, store->Changes(scan));
    for (const ChangedDocument& changed : page.documents) visit(changed);
    if (page.exhausted) return absl::OkStatus();
    scan.position = page.position;
  }
}

}  // namespace

absl::StatusOr<std::vector<std::string>> CampaignPull::MovedByActivities(
    const records::PullQuery& query) {
  std::set<std::string> own;
  RETURN_IF_ERROR(VisitFeed(store_, aip::CollectionOf<v1::Campaign>(), query,
                            [&](const ChangedDocument& changed) {
                              own.insert(aip::NameOf<v1::Campaign>(changed.document.id));
                            }));
  std::set<std::string> moved;
  RETURN_IF_ERROR(VisitFeed(store_, aip::CollectionOf<v1::Activity>(), query,
                            [&](const ChangedDocument& changed) {
                              v1::Activity activity;
                              if (activity.ParseFromString(changed.document.payload) &&
                                  !own.contains(activity.campaign())) {
                                moved.insert(activity.campaign());
                              }
                            }));
  return std::vector<std::string>(moved.begin(), moved.end());
}

std::function<absl::StatusOr<records::ListResult<v1::Campaign>>(const records::ListQuery&)>
CampaignPull::Pages(Principal caller, clients::CallContext call, records::PullQuery query) {
  return [this, caller = std::move(caller), call = std::move(call), query](
             const records::ListQuery& page) -> absl::StatusOr<records::ListResult<v1::Campaign>> {
    const records::Request request(caller, call);
    records::ListResult<v1::Campaign> out;
    // "" or "a<position>": the campaigns' own feed; "b<offset>": those moved by activities.
    const std::string& token = page.page_token;
    int64_t at = 0;
    if (!token.empty() && !absl::SimpleAtoi(token.substr(1), &at)) {
      return absl::InternalError("a campaign pull's page token is its phase and position");
    }
    if (token.empty() || token[0] == 'a') {
      ASSIGN_OR_RETURN(auto own,
                       campaigns_->Pull(request, query.since, query.until, at, page.page_size));
      out.items = std::move(own.items);
      if (!own.exhausted) {
        out.next_page_token = absl::StrCat("a", own.position);
      } else if (query.since > 0) {
        out.next_page_token = "b0";
      }
      return out;
    }
    ASSIGN_OR_RETURN(std::vector<std::string> moved, MovedByActivities(query));
    const size_t start = std::min(moved.size(), static_cast<size_t>(std::max<int64_t>(at, 0)));
    const size_t end = std::min(moved.size(), start + std::max(page.page_size, 1));
    ASSIGN_OR_RETURN(std::vector<v1::Campaign> read,
                     records::ReadNamedMany<v1::Campaign>(
                         request.reads(store_),
                         std::vector<std::string>(moved.begin() + start, moved.begin() + end)));
    ASSIGN_OR_RETURN(out.items, campaigns_->Readable(request, std::move(read)));
    if (end < moved.size()) out.next_page_token = absl::StrCat("b", end);
    return out;
  };
}

}  // namespace civitas::advocacy
