// Use cases of commitments beyond the record lifecycle: their state changes and evidence (each
// authorized by the commitment's campaign as read), the overdue list, and the overdue alerts (a
// periodic job; safe with several replicas: each alert is a transition re-checked on the
// commitment as written, so two replicas racing send it once).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/advocacy/v1/advocacy_service.pb.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"
#include "services/advocacy/domain/commitments.h"

namespace civitas::advocacy {

class CommitmentTracker {
 public:
  CommitmentTracker(DocumentStore* store, records::RecordService<v1::Commitment>* commitments,
                    const Clock* clock)
      : store_(store), commitments_(commitments), clock_(clock) {}

  absl::StatusOr<v1::Commitment> Act(const records::Request& r, CommitmentAction action,
                                     const std::string& name, const std::string& etag,
                                     const v1::CommitmentEvidence& evidence);

  // Commitments made or in progress past their due date, of the campaigns the caller may read
  // (of `campaign` only, when given), the longest overdue first.
  absl::StatusOr<v1::ListOverdueCommitmentsResponse> Overdue(const records::Request& r,
                                                             const std::string& campaign);

  // One pass of the overdue alerts, as `job` (a background job's principal); how many were sent.
  absl::StatusOr<int> AlertOverdue(const Principal& job);

 private:
  // The commitments made or in progress (of `campaign` when given).
  absl::StatusOr<std::vector<v1::Commitment>> Open(const std::string& campaign);

  DocumentStore* const store_;
  records::RecordService<v1::Commitment>* const commitments_;
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
