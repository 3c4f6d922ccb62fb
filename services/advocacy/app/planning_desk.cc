#include "services/advocacy/app/planning_desk.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/advocacy/domain/plan_actions.h"
#include "services/advocacy/domain/planning_cycles.h"
#include "services/advocacy/domain/prioritisation.h"

namespace civitas::advocacy {

absl::StatusOr<v1::PlanningCycle> PlanningDesk::Advance(const records::Request& r,
                                                        const std::string& name,
                                                        const std::string& etag,
                                                        v1::PlanningCycleState state,
                                                        const std::string& source) {
  Violations v;
  aip::CheckEnum(state, v1::PlanningCycleState_descriptor(),
                 {v1::CYCLE_PRIORITISATION, v1::CYCLE_ACTION_PLANNING, v1::CYCLE_ADOPTED}, "state",
                 &v);
  if (!v.empty()) {
    // Missing for the caller (or malformed) first, as Get answers it.
    RETURN_IF_ERROR(cycles_->Get(r, name).status());
    return v.ToStatus();
  }
  return cycles_->Apply(r, name, etag,
                        AdvanceCycleTransition(state, source, r.caller().subject, clock_->Now()));
}

absl::StatusOr<v1::PrioritisationRound> PlanningDesk::CloseRound(const records::Request& r,
                                                                 const std::string& name,
                                                                 const std::string& etag) {
  ASSIGN_OR_RETURN(v1::PrioritisationRound round, rounds_->Get(r, name));
  ASSIGN_OR_RETURN(auto cycle,
                   records::ReadExisting<v1::PlanningCycle>(r.reads(store_), round.cycle()));
  return rounds_->Apply(r, name, etag, CloseRoundTransition(cycle.record));
}

absl::StatusOr<v1::PlanAction> PlanningDesk::MoveAction(const records::Request& r,
                                                        const std::string& name,
                                                        const std::string& etag, ActionStep step,
                                                        const std::string& note) {
  ASSIGN_OR_RETURN(v1::PlanAction action, actions_->Get(r, name));
  ASSIGN_OR_RETURN(auto cycle,
                   records::ReadExisting<v1::PlanningCycle>(r.reads(store_), action.cycle()));
  const std::string& actor = r.caller().subject;
  const absl::Time now = clock_->Now();
  switch (step) {
    case ActionStep::kFund:
      return actions_->Apply(r, name, etag,
                             FundPlanActionTransition(cycle.record, note, actor, now));
    case ActionStep::kStart:
      return actions_->Apply(r, name, etag,
                             StartPlanActionTransition(cycle.record, note, actor, now));
    case ActionStep::kComplete:
      return actions_->Apply(r, name, etag,
                             CompletePlanActionTransition(cycle.record, note, actor, now));
    case ActionStep::kCancel:
      return actions_->Apply(r, name, etag,
                             CancelPlanActionTransition(cycle.record, note, actor, now));
  }
  return absl::InternalError("unknown action step");
}

}  // namespace civitas::advocacy
