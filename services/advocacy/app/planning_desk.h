// Use cases of a planning cycle's steps that read one record before changing another: a cycle
// advanced a stage, a round closed (authorized by its cycle as read), an action funded, started,
// completed or cancelled (authorized by its cycle and checked against its stage).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "civitas/advocacy/v1/planning.pb.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::advocacy {

class PlanningDesk {
 public:
  enum class ActionStep { kFund, kStart, kComplete, kCancel };

  PlanningDesk(DocumentStore* store, records::RecordService<v1::PlanningCycle>* cycles,
               records::RecordService<v1::PrioritisationRound>* rounds,
               records::RecordService<v1::PlanAction>* actions, const Clock* clock)
      : store_(store), cycles_(cycles), rounds_(rounds), actions_(actions), clock_(clock) {}

  absl::StatusOr<v1::PlanningCycle> Advance(const records::Request& r, const std::string& name,
                                            const std::string& etag, v1::PlanningCycleState state,
                                            const std::string& source);
  absl::StatusOr<v1::PrioritisationRound> CloseRound(const records::Request& r,
                                                     const std::string& name,
                                                     const std::string& etag);
  absl::StatusOr<v1::PlanAction> MoveAction(const records::Request& r, const std::string& name,
                                            const std::string& etag, ActionStep step,
                                            const std::string& note);

 private:
  DocumentStore* const store_;
  records::RecordService<v1::PlanningCycle>* const cycles_;
  records::RecordService<v1::PrioritisationRound>* const rounds_;
  records::RecordService<v1::PlanAction>* const actions_;
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
