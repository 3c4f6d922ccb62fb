// WarehousePull: the warehouse's pulls of figures over the change feeds of submissions
// (DocumentStore::Changes), keyspace after keyspace (home, or each country's in name order:
// SubmissionStores): each page reads a bounded number of changed submissions of one keyspace and
// reports the figures of those the caller may read that changed between the pull's cursors in that
// keyspace (domain/warehouse_pull.h). Each keyspace's feed never skips or repeats a change, so
// neither does the pull. Pages are independent reads; the pull's state travels in PullPage (the
// resolved `until` and where the feeds stopped), so a stream holds one page.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "libs/records/request.h"
#include "libs/server/blocking_executor.h"
#include "libs/store/document_store.h"
#include "services/monitoring/app/submission_stores.h"
#include "services/monitoring/domain/warehouse_pull.h"

namespace civitas::monitoring {

// A page reads at most this many submissions, and ends after the one that brings it to
// kPulledBytesPerPage. A form's monthly figures are a few KiB, so a page of small submissions is
// long (each page is round trips and a message for every process on the way: pages of 20 made the
// bench's CSV pull cost twice the CPU); a submission holds up to 4 MiB (its figures, tombstones
// and audit), and the store reads 20 at a time, so a page holds at most 2 MiB + 80 MiB.
inline constexpr int kPulledSubmissionsPerPage = 500;
inline constexpr size_t kPulledBytesPerPage = 2 << 20;

// Where a pull is: before its first page (`started` false), or its resolved end and where the
// next page starts (a keyspace, and the position in its feed).
struct PullAt {
  bool started = false;
  PullCursor until;
  std::string keyspace;
  int64_t position = 0;
};

struct PullPage {
  std::vector<v1::DataValueRecord> records;
  // Where the next page starts (`at.until`: the pull's end, resolved on the first page); `done`
  // when nothing is left up to it.
  PullAt at;
  bool done = false;
};

// A pull's next page of changes, read from the store while the caller renders the page before:
// the store's part of a page (its round trip, reading the reply) then overlaps the service's
// (parsing, rendering). Given to VisitPage page after page of one pull; not thread-safe.
class PullFetchAhead {
 public:
  // `fetchers` runs the reads: tasks that wait on the store only (never on another task), so any
  // number of pulls share a few threads.
  explicit PullFetchAhead(BlockingExecutor* fetchers) : fetchers_(fetchers) {}

 private:
  friend class WarehousePull;
  struct Fetch {
    DocumentStore* store = nullptr;
    ChangeScan scan;
    absl::Notification done;
    absl::StatusOr<ChangePage> page;
  };
  BlockingExecutor* const fetchers_;
  // Shared with the read under way, which may outlive the pull (a cancelled export).
  std::shared_ptr<Fetch> fetch_;
};

// How long a pull's pages are (the defaults above; tests make them short).
struct PullPageBounds {
  int submissions = kPulledSubmissionsPerPage;
  size_t bytes = kPulledBytesPerPage;
};

class WarehousePull {
 public:
  explicit WarehousePull(SubmissionStores* submissions, PullPageBounds bounds = {})
      : submissions_(submissions), bounds_(bounds) {}

  // The cursor to pull up to (AuthorizePull's callers): every keyspace's now.
  absl::StatusOr<PullCursor> Cursor(const records::Request& r);

  // The page of `pull` at `at` (not started: its first page, `until` resolved to the current
  // cursor unless the pull gives it). `names` keeps the codes read so far, for ID_SCHEME_CODE;
  // the caller keeps it from page to page.
  absl::StatusOr<PullPage> Page(const records::Request& r, const PullRequest& pull,
                                const PullAt& at, PullNames* names);
  // The same, handing each record to `visit` as it is read instead of keeping it in the page
  // (`records` stays empty): one record and one submission are reused for the whole page, so an
  // export renders its text without allocating per figure. `visit` must not keep the record.
  // `ahead` (may be null) reads the page after this one while this one is visited.
  absl::StatusOr<PullPage> VisitPage(const records::Request& r, const PullRequest& pull,
                                     const PullAt& at, PullNames* names,
                                     absl::FunctionRef<void(const v1::DataValueRecord&)> visit,
                                     PullFetchAhead* ahead = nullptr);

 private:
  // The page `scan` asks of `store`: the one `ahead` read if it is that one, else read now; then
  // starts reading the next one on `ahead`.
  absl::StatusOr<ChangePage> ReadChanges(DocumentStore* store, const ChangeScan& scan,
                                         PullFetchAhead* ahead);
  absl::Status LoadCodes(const records::Request& r, const v1::Submission& s, PullNames* names);
  // The keyspace to read at `at` or after it that has changes up to the pull's end (`at` moved
  // to its start when it is another); false when none is left.
  absl::StatusOr<bool> NextToRead(const PullRequest& pull, PullAt* at);

  SubmissionStores* const submissions_;
  const PullPageBounds bounds_;
};

}  // namespace civitas::monitoring
