#include "services/advocacy/app/cycle_reads.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/record.h"

namespace civitas::advocacy {

absl::StatusOr<std::optional<records::StoredRecord<v1::PlanningCycle>>> ReadCycle(
    const records::RuleContext& ctx, const std::string& name) {
  return records::ReadNamed<v1::PlanningCycle>(ctx.reads, name);
}

absl::StatusOr<std::optional<records::StoredRecord<v1::PlanningCycle>>> RequireCycle(
    const records::RuleContext& ctx, const std::string& name,
    const std::vector<v1::PlanningCycleState>& stages, const std::string& why,
    const std::string& field, Violations* v, std::vector<Reference>* references) {
  ASSIGN_OR_RETURN(auto cycle, ReadCycle(ctx, name));
  if (!cycle.has_value()) {
    if (aip::IsNameOf<v1::PlanningCycle>(name)) {
      v->Add(field, absl::StrCat(name, " does not exist"));
    }
    return cycle;
  }
  const v1::PlanningCycleState state = cycle->record.state();
  if (std::find(stages.begin(), stages.end(), state) == stages.end()) {
    v->AddPrecondition(field,
                       absl::StrCat(name, " is ", v1::PlanningCycleState_Name(state), "; ", why));
    return cycle;
  }
  Reference ref = records::RefTo<v1::PlanningCycle>(aip::IdIn<v1::PlanningCycle>(name));
  for (v1::PlanningCycleState s : stages) {
    ref.states.push_back(records::StateName<v1::PlanningCycle>(s));
  }
  references->push_back(std::move(ref));
  return cycle;
}

CounterChange CycleNeeds(const std::string& cycle, int64_t delta) {
  return {.name = absl::StrCat(cycle, "/needs"),
          .delta = delta,
          .what = absl::StrCat("needs recorded in ", cycle),
          .max_is = "its limit",
          .min_is = "what prioritising them needs (record one first):"};
}

CounterChange CycleOpenRounds(const std::string& cycle, int64_t delta) {
  return {
      .name = absl::StrCat(cycle, "/open_rounds"),
      .delta = delta,
      .what = absl::StrCat("prioritisation rounds of ", cycle, " still open (close them first)"),
      .max_is = "what this step allows:",
      .min_is = "zero:"};
}

CounterChange CycleActions(const std::string& cycle, int64_t delta) {
  return {.name = absl::StrCat(cycle, "/actions"),
          .delta = delta,
          .what = absl::StrCat("actions planned in ", cycle),
          .max_is = "its limit",
          .min_is = "what adopting the plan needs (add an action first):"};
}

void RequireStageNeeds(const v1::PlanningCycle& cycle, v1::PlanningCycleState state,
                       WritePlan* plan) {
  CounterChange check;
  if (state == v1::CYCLE_PRIORITISATION) {
    check = CycleNeeds(cycle.name(), 0);
    check.min = 1;
  } else if (state == v1::CYCLE_ACTION_PLANNING) {
    check = CycleOpenRounds(cycle.name(), 0);
    check.max = 0;
  } else if (state == v1::CYCLE_ADOPTED) {
    check = CycleActions(cycle.name(), 0);
    check.min = 1;
  } else {
    return;
  }
  plan->counters.push_back(std::move(check));
}

}  // namespace civitas::advocacy
