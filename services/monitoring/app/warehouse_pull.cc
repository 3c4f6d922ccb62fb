#include "services/monitoring/app/warehouse_pull.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/parse_without_fields.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/monitoring/domain/submissions.h"

namespace civitas::monitoring {

absl::StatusOr<int64_t> WarehousePull::Cursor(const records::Request& r) {
  RETURN_IF_ERROR(AuthorizePull(r.caller()));
  return store_->ChangeCursor();
}

absl::StatusOr<PullPage> WarehousePull::Page(const records::Request& r, const PullRequest& pull,
                                             int64_t until, int64_t position, PullNames* names) {
  std::vector<v1::DataValueRecord> records;
  ASSIGN_OR_RETURN(PullPage page, VisitPage(r, pull, until, position, names,
                                            [&records](const v1::DataValueRecord& record) {
                                              records.push_back(record);
                                            }));
  page.records = std::move(records);
  return page;
}

absl::StatusOr<ChangePage> WarehousePull::ReadChanges(const ChangeScan& scan,
                                                      PullFetchAhead* ahead) {
  absl::StatusOr<ChangePage> changes;
  std::shared_ptr<PullFetchAhead::Fetch> fetched =
      ahead == nullptr ? nullptr : std::exchange(ahead->fetch_, nullptr);
  const auto same = [](const ChangeScan& a, const ChangeScan& b) {
    return a.collection == b.collection && a.since == b.since && a.until == b.until &&
           a.position == b.position && a.limit == b.limit && a.max_bytes == b.max_bytes;
  };
  if (fetched != nullptr && same(fetched->scan, scan)) {
    fetched->done.WaitForNotification();
    changes = std::move(fetched->page);
  } else {
    changes = store_->Changes(scan);
  }
  if (ahead != nullptr && changes.ok() && !changes->exhausted) {
    auto next = std::make_shared<PullFetchAhead::Fetch>();
    next->scan = scan;
    next->scan.until = changes->until;
    next->scan.position = changes->position;
    ahead->fetch_ = next;
    ahead->fetchers_->Run([store = store_, next] {
      next->page = store->Changes(next->scan);
      next->done.Notify();
    });
  }
  return changes;
}

absl::StatusOr<PullPage> WarehousePull::VisitPage(
    const records::Request& r, const PullRequest& pull, int64_t until, int64_t position,
    PullNames* names, absl::FunctionRef<void(const v1::DataValueRecord&)> visit,
    PullFetchAhead* ahead) {
  RETURN_IF_ERROR(AuthorizePull(r.caller()));
  if (until == 0) {  // the first page
    ASSIGN_OR_RETURN(int64_t now, store_->ChangeCursor());
    ASSIGN_OR_RETURN(until, PullEnd(pull, now));
    // A pull up to cursor 0 (an empty store's) has nothing to read; the store reads 0 as "now".
    if (until == 0) return PullPage{{}, 0, 0, true};
  }
  ChangeScan scan{std::string(aip::CollectionOf<v1::Submission>()),
                  pull.since,
                  until,
                  position,
                  bounds_.submissions,
                  bounds_.bytes};
  ASSIGN_OR_RETURN(ChangePage changes, ReadChanges(scan, ahead));
  PullPage page;
  page.until = changes.until;
  page.position = changes.position;
  page.done = changes.exhausted;
  // Reused: parsing into a cleared message keeps its figures' objects and strings.
  v1::Submission s;
  v1::DataValueRecord record;
  for (const ChangedDocument& changed : changes.documents) {
    // No pull reads the audit, often the larger part of a submission.
    if (!ParseWithoutFields(changed.document.payload, {v1::Submission::kAuditFieldNumber}, &s)) {
      return absl::DataLossError(
          absl::StrCat(aip::NameOf<v1::Submission>(changed.document.id), " cannot be parsed"));
    }
    if (!Selects(pull, s) || !CanReadSubmission(r.caller(), s)) continue;
    if (pull.by_code) RETURN_IF_ERROR(LoadCodes(r, s, names));
    VisitPulledRecords(pull, page.until, s, changed.history, *names, &record, visit);
  }
  return page;
}

absl::Status WarehousePull::LoadCodes(const records::Request& r, const v1::Submission& s,
                                      PullNames* names) {
  if (!names->codes.contains(s.data_set())) {
    ASSIGN_OR_RETURN(auto form, records::ReadNamed<v1::DataSet>(r.reads(store_), s.data_set()));
    if (form.has_value()) names->codes[s.data_set()] = form->record.code();
  }
  for (const auto* values : {&s.values(), &s.deleted_values()}) {
    for (const v1::DataValue& value : *values) {
      if (names->codes.contains(value.indicator())) continue;
      ASSIGN_OR_RETURN(auto indicator,
                       records::ReadNamed<v1::Indicator>(r.reads(store_), value.indicator()));
      if (indicator.has_value()) names->codes[value.indicator()] = indicator->record.code();
    }
  }
  return absl::OkStatus();
}

}  // namespace civitas::monitoring
