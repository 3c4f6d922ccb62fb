// What the records of a planning cycle (needs, rounds, actions) read of their cycle, through the
// request's reads: the cycle, and whether it is at a stage that takes the change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/advocacy/v1/planning.pb.h"
#include "libs/common/field_violations.h"
#include "libs/records/read_record.h"
#include "libs/records/record_rules.h"
#include "libs/store/write_plan.h"

namespace civitas::advocacy {

// The cycle `name`; a violation under `field` when it does not exist (a malformed name is left
// to the field checks), a precondition violation when it is not at one of `stages` (`why` says
// what those stages are for), and otherwise the reference the write re-checks (the cycle still
// at such a stage when it applies). Returns the cycle read, when it exists.
absl::StatusOr<std::optional<records::StoredRecord<v1::PlanningCycle>>> RequireCycle(
    const records::RuleContext& ctx, const std::string& name,
    const std::vector<v1::PlanningCycleState>& stages, const std::string& why,
    const std::string& field, Violations* v, std::vector<Reference>* references);

// The cycle `name` as stored, or nullopt when it does not exist.
absl::StatusOr<std::optional<records::StoredRecord<v1::PlanningCycle>>> ReadCycle(
    const records::RuleContext& ctx, const std::string& name);

// The cycle's counters, moved by the writes of its records (internal store keys): its recorded
// needs, its open rounds, its live actions (not cancelled or archived).
CounterChange CycleNeeds(const std::string& cycle, int64_t delta);
CounterChange CycleOpenRounds(const std::string& cycle, int64_t delta);
CounterChange CycleActions(const std::string& cycle, int64_t delta);

// What reaching `state` needs, checked by the advancing write itself against those counters (a
// need archived, a round opened or an action cancelled meanwhile refuses it): a recorded need to
// prioritise, no open round to plan actions, an action to adopt the plan.
void RequireStageNeeds(const v1::PlanningCycle& cycle, v1::PlanningCycleState state,
                       WritePlan* plan);

}  // namespace civitas::advocacy
