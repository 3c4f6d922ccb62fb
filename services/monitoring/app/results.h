// Results: BatchGetResults answered from the targets of each programme or grant (read by their
// attribution index) and their actuals from the totals over accepted figures (domain/results.h,
// domain/analytics.h), for published indicators only: every framework's hashes of totals in one
// read. Public: no caller check, bounded reads. Thread-safe.
#pragma once

#include "absl/status/statusor.h"
#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "libs/records/request.h"
#include "libs/store/document_store.h"
#include "services/monitoring/app/submission_stores.h"

namespace civitas::monitoring {

class Results {
 public:
  explicit Results(SubmissionStores* submissions)
      : store_(submissions->home()), submissions_(submissions) {}

  absl::StatusOr<v1::BatchGetResultsResponse> BatchGet(const records::Request& r,
                                                       const v1::BatchGetResultsRequest& request);

 private:
  // Home: targets and indicators.
  DocumentStore* const store_;
  SubmissionStores* const submissions_;
};

}  // namespace civitas::monitoring
