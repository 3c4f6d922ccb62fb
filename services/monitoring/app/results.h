// Results: BatchGetResults answered from the targets of each programme or grant (read by their
// attribution index) and their actuals from the totals (Analytics::Compute over accepted
// figures), for published indicators only. Public: no caller check. Thread-safe.
#pragma once

#include "absl/status/statusor.h"
#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "libs/records/request.h"
#include "libs/store/document_store.h"
#include "services/monitoring/app/analytics.h"

namespace civitas::monitoring {

class Results {
 public:
  Results(DocumentStore* store, Analytics* analytics) : store_(store), analytics_(analytics) {}

  absl::StatusOr<v1::BatchGetResultsResponse> BatchGet(const records::Request& r,
                                                       const v1::BatchGetResultsRequest& request);

 private:
  absl::StatusOr<v1::ResultsFramework> Framework(const records::Request& r,
                                                 const std::string& attribution);

  DocumentStore* const store_;
  Analytics* const analytics_;
};

}  // namespace civitas::monitoring
