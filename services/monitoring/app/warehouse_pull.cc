#include "services/monitoring/app/warehouse_pull.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/parse_without_fields.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/monitoring/domain/submissions.h"

namespace civitas::monitoring {

absl::StatusOr<PullCursor> WarehousePull::Cursor(const records::Request& r) {
  RETURN_IF_ERROR(AuthorizePull(r.caller()));
  PullCursor cursor;
  ASSIGN_OR_RETURN(const std::vector<std::string> keyspaces, submissions_->Keyspaces());
  for (const std::string& keyspace : keyspaces) {
    ASSIGN_OR_RETURN(DocumentStore * store, submissions_->partitioned()->OfRecorded(keyspace));
    ASSIGN_OR_RETURN(int64_t at, store->ChangeCursor());
    cursor.Set(keyspace, at);
  }
  return cursor;
}

absl::StatusOr<PullPage> WarehousePull::Page(const records::Request& r, const PullRequest& pull,
                                             const PullAt& at, PullNames* names) {
  std::vector<v1::DataValueRecord> records;
  ASSIGN_OR_RETURN(PullPage page,
                   VisitPage(r, pull, at, names, [&records](const v1::DataValueRecord& record) {
                     records.push_back(record);
                   }));
  page.records = std::move(records);
  return page;
}

absl::StatusOr<ChangePage> WarehousePull::ReadChanges(DocumentStore* store, const ChangeScan& scan,
                                                      PullFetchAhead* ahead) {
  absl::StatusOr<ChangePage> changes;
  std::shared_ptr<PullFetchAhead::Fetch> fetched =
      ahead == nullptr ? nullptr : std::exchange(ahead->fetch_, nullptr);
  const auto same = [](const ChangeScan& a, const ChangeScan& b) {
    return a.collection == b.collection && a.since == b.since && a.until == b.until &&
           a.position == b.position && a.limit == b.limit && a.max_bytes == b.max_bytes;
  };
  if (fetched != nullptr && fetched->store == store && same(fetched->scan, scan)) {
    fetched->done.WaitForNotification();
    changes = std::move(fetched->page);
  } else {
    changes = store->Changes(scan);
  }
  // The next page of the same keyspace (the first of the next one is read when asked).
  if (ahead != nullptr && changes.ok() && !changes->exhausted) {
    auto next = std::make_shared<PullFetchAhead::Fetch>();
    next->store = store;
    next->scan = scan;
    next->scan.until = changes->until;
    next->scan.position = changes->position;
    ahead->fetch_ = next;
    ahead->fetchers_->Run([store, next] {
      next->page = store->Changes(next->scan);
      next->done.Notify();
    });
  }
  return changes;
}

absl::StatusOr<bool> WarehousePull::NextToRead(const PullRequest& pull, PullAt* at) {
  ASSIGN_OR_RETURN(const std::vector<std::string> keyspaces, submissions_->Keyspaces());
  // The keyspaces from `at`'s on, in name order (home, "", first).
  for (auto it = std::lower_bound(keyspaces.begin(), keyspaces.end(), at->keyspace);
       it != keyspaces.end(); ++it) {
    if (*it != at->keyspace) {
      at->keyspace = *it;
      at->position = 0;
    }
    // Nothing changed there between the cursors (a country recorded after the pull's end is at
    // 0 in it; a store reads an end of 0 as "now").
    if (at->until.Of(*it) > pull.since.Of(*it)) return true;
  }
  return false;
}

absl::StatusOr<PullPage> WarehousePull::VisitPage(
    const records::Request& r, const PullRequest& pull, const PullAt& where, PullNames* names,
    absl::FunctionRef<void(const v1::DataValueRecord&)> visit, PullFetchAhead* ahead) {
  RETURN_IF_ERROR(AuthorizePull(r.caller()));
  PullPage page;
  page.at = where;
  if (!page.at.started) {  // the first page
    ASSIGN_OR_RETURN(PullCursor now, Cursor(r));
    ASSIGN_OR_RETURN(page.at.until, PullEnd(pull, now));
    page.at.started = true;
    page.at.keyspace.clear();
    page.at.position = 0;
  }
  ASSIGN_OR_RETURN(const bool more, NextToRead(pull, &page.at));
  if (!more) {
    page.done = true;
    return page;
  }
  const std::string keyspace = page.at.keyspace;
  ASSIGN_OR_RETURN(DocumentStore * store, submissions_->partitioned()->OfRecorded(keyspace));
  const int64_t since = pull.since.Of(keyspace);
  const int64_t until = page.at.until.Of(keyspace);
  ChangeScan scan{std::string(aip::CollectionOf<v1::Submission>()),
                  since,
                  until,
                  page.at.position,
                  bounds_.submissions,
                  bounds_.bytes};
  ASSIGN_OR_RETURN(ChangePage changes, ReadChanges(store, scan, ahead));
  page.at.position = changes.position;
  if (changes.exhausted) {
    // On to the next keyspace: done when none has anything left.
    PullAt next = page.at;
    next.keyspace.push_back('\x01');  // after this one, before any other
    next.position = 0;
    ASSIGN_OR_RETURN(const bool after, NextToRead(pull, &next));
    if (after) {
      page.at = std::move(next);
    } else {
      page.done = true;
    }
  }
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
    VisitPulledRecords(pull, since, until, s, changed.history, *names, &record, visit);
  }
  return page;
}

absl::Status WarehousePull::LoadCodes(const records::Request& r, const v1::Submission& s,
                                      PullNames* names) {
  if (!names->codes.contains(s.data_set())) {
    ASSIGN_OR_RETURN(auto form,
                     records::ReadNamed<v1::DataSet>(r.reads(submissions_->home()), s.data_set()));
    if (form.has_value()) names->codes[s.data_set()] = form->record.code();
  }
  for (const auto* values : {&s.values(), &s.deleted_values()}) {
    for (const v1::DataValue& value : *values) {
      if (names->codes.contains(value.indicator())) continue;
      ASSIGN_OR_RETURN(auto indicator, records::ReadNamed<v1::Indicator>(
                                           r.reads(submissions_->home()), value.indicator()));
      if (indicator.has_value()) names->codes[value.indicator()] = indicator->record.code();
    }
  }
  return absl::OkStatus();
}

}  // namespace civitas::monitoring
