// The review of applications: programme staff assign reviewers (ReviewRules) and reassign
// one who declared a conflict of interest; a reviewer declares, then scores. Each submitted review
// updates its application in the same write: the weighted mean over the submitted reviews, the
// divergence flag, and SCORED once the call's reviewers per application have all submitted.
// Ranking orders a call's scored applications. Thread-safe.
#pragma once

#include <string>

#include "civitas/grants/v1/grants_service.pb.h"
#include "libs/common/clock.h"
#include "libs/common/id_generator.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

class ReviewWorkflow {
 public:
  ReviewWorkflow(DocumentStore* store, records::RecordService<v1::Review>* reviews,
                 records::RecordService<v1::Application>* applications, const Clock* clock,
                 IdGenerator* ids)
      : store_(store), reviews_(reviews), applications_(applications), clock_(clock), ids_(ids) {}

  absl::StatusOr<v1::Review> DeclareConflictOfInterest(const records::Request& r,
                                                       const std::string& name, bool conflict,
                                                       const std::string& statement,
                                                       const std::string& etag);
  // `scored` carries the scores and comment.
  absl::StatusOr<v1::Review> Submit(const records::Request& r, const std::string& name,
                                    const v1::Review& scored, const std::string& etag);
  // The conflicted review REASSIGNED, naming the new review of `reviewer`, in one write.
  absl::StatusOr<v1::Review> Reassign(const records::Request& r, const std::string& name,
                                      const std::string& reviewer);
  // Programme staff only.
  absl::StatusOr<v1::RankApplicationsResponse> Rank(const records::Request& r,
                                                    const std::string& call);

 private:
  // The application's score over its submitted reviews with `submitted` counted.
  absl::Status ScoreInPlan(const v1::Call& call, const v1::Review& submitted, WritePlan* plan);

  DocumentStore* const store_;
  records::RecordService<v1::Review>* const reviews_;
  records::RecordService<v1::Application>* const applications_;
  const Clock* const clock_;
  IdGenerator* const ids_;
};

}  // namespace civitas::grants
