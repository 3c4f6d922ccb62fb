// Pulls of a resource's records for the warehouse and partner systems, snapshot then
// incremental, over the store's change feed (libs/store/document_store.h): take a cursor
// (RecordService::Cursor), pull (0, cursor] as a snapshot, and from then on (previous cursor,
// new cursor]: each record changed in between, once, as it is now, archived ones included (a
// deletion is an archive). Nothing is skipped or repeated from pull to pull. Cursors are the
// store's change sequence as decimal text; they survive restarts and never go back.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/field_violations.h"
#include "libs/records/record_service.h"

namespace civitas::records {

struct PullQuery {
  // 0: a snapshot.
  int64_t since = 0;
  int64_t until = 0;
};

inline std::string FormatPullCursor(int64_t cursor) { return absl::StrCat(cursor); }

// The request's cursors checked against the store's `current` one: INVALID_ARGUMENT naming
// `since_cursor` or `until_cursor` for text that is no cursor, a missing `until_cursor` (a pull
// ends where its cursor was taken, so that the next one starts there), `until_cursor` beyond the
// current cursor (another store's) or before `since_cursor`.
inline absl::StatusOr<PullQuery> ParsePullQuery(const std::string& since, const std::string& until,
                                                int64_t current) {
  Violations v;
  PullQuery q;
  if (!since.empty() && (!absl::SimpleAtoi(since, &q.since) || q.since < 0)) {
    v.Add("since_cursor", "is not a cursor: pass the `cursor` an earlier pull was given");
  }
  if (until.empty()) {
    v.Add("until_cursor", "is required: take one with the service's cursor method first");
  } else if (!absl::SimpleAtoi(until, &q.until) || q.until < 0) {
    v.Add("until_cursor", "is not a cursor: pass the `cursor` the cursor method gave");
  } else if (q.until > current) {
    v.Add("until_cursor", absl::StrCat("is beyond the store's cursor (", current,
                                       "): take a new one and pull a snapshot"));
  } else if (q.until < q.since) {
    v.Add("until_cursor", "is before since_cursor");
  }
  RETURN_IF_ERROR(v.ToStatus());
  return q;
}

// A page reader for ExportReactor (libs/server/export_reactor.h) over `service`'s pull of
// `query`: its page token is where the change feed stopped.
// Each page is read as a request of its own (`caller`, `call`): a long pull holds no reads.
template <Record T>
std::function<absl::StatusOr<ListResult<T>>(const ListQuery&)> PullPages(RecordService<T>* service,
                                                                         Principal caller,
                                                                         clients::CallContext call,
                                                                         PullQuery query) {
  return [service, caller = std::move(caller), call = std::move(call),
          query](const ListQuery& page) -> absl::StatusOr<ListResult<T>> {
    const Request request(caller, call);
    int64_t position = 0;
    if (!page.page_token.empty() && !absl::SimpleAtoi(page.page_token, &position)) {
      return absl::InternalError("a pull's page token is its position");
    }
    ASSIGN_OR_RETURN(auto pulled,
                     service->Pull(request, query.since, query.until, position, page.page_size));
    ListResult<T> out;
    out.items = std::move(pulled.items);
    if (!pulled.exhausted) out.next_page_token = absl::StrCat(pulled.position);
    return out;
  };
}

}  // namespace civitas::records
