#include "services/advocacy/app/planning_desk.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "libs/records/record.h"
#include "services/advocacy/app/cycle_reads.h"
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
  records::Transition<v1::PlanningCycle> advance =
      AdvanceCycleTransition(state, source, r.caller().subject, clock_->Now());
  advance.extend = [state](const v1::PlanningCycle& before, const v1::PlanningCycle&,
                           WritePlan* plan) {
    RequireStageNeeds(before, state, plan);
    return absl::OkStatus();
  };
  return cycles_->Apply(r, name, etag, advance);
}

absl::StatusOr<v1::PrioritisationRound> PlanningDesk::CloseRound(const records::Request& r,
                                                                 const std::string& name,
                                                                 const std::string& etag) {
  ASSIGN_OR_RETURN(v1::PrioritisationRound round, rounds_->Get(r, name));
  ASSIGN_OR_RETURN(auto cycle,
                   records::ReadExisting<v1::PlanningCycle>(r.reads(store_), round.cycle()));
  records::Transition<v1::PrioritisationRound> close = CloseRoundTransition(cycle.record);
  close.extend = [](const v1::PrioritisationRound& before, const v1::PrioritisationRound&,
                    WritePlan* plan) {
    plan->counters.push_back(CycleOpenRounds(before.cycle(), -1));
    return absl::OkStatus();
  };
  return rounds_->Apply(r, name, etag, close);
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
  const v1::PlanningCycle& at = cycle.record;
  records::Transition<v1::PlanAction> t;
  switch (step) {
    case ActionStep::kFund:
      t = FundPlanActionTransition(at, note, actor, now);
      break;
    case ActionStep::kStart:
      t = StartPlanActionTransition(at, note, actor, now);
      break;
    case ActionStep::kComplete:
      t = CompletePlanActionTransition(at, note, actor, now);
      break;
    case ActionStep::kCancel:
      t = CancelPlanActionTransition(at, note, actor, now);
      break;
  }
  // The cycle as read, checked again by the write: adopted for progress, not archived for a
  // cancellation; a cancelled action no longer counts among the cycle's live ones.
  const bool cancel = step == ActionStep::kCancel;
  t.extend = [cycle = at.name(), cancel](const v1::PlanAction&, const v1::PlanAction&,
                                         WritePlan* plan) {
    const std::string id = aip::IdIn<v1::PlanningCycle>(cycle);
    if (cancel) {
      plan->counters.push_back(CycleActions(cycle, -1));
      plan->references.push_back(
          records::RefTo<v1::PlanningCycle>(id, {v1::CYCLE_ACTION_PLANNING, v1::CYCLE_ADOPTED}));
    } else {
      plan->references.push_back(records::RefTo<v1::PlanningCycle>(id, {v1::CYCLE_ADOPTED}));
    }
    return absl::OkStatus();
  };
  return actions_->Apply(r, name, etag, t);
}

}  // namespace civitas::advocacy
