// Planning cycles and their needs, pure (Participatory Social Service Planning): what a valid
// cycle and need are, who runs a cycle (its municipality's staff and admins) and who records its
// needs (they and its partners), and the stages analysis -> prioritisation -> action planning ->
// adopted, one at a time, each with what it needs counted in the write that moves it.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "civitas/advocacy/v1/planning.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/records/record.h"
#include "libs/records/transition.h"

namespace civitas::advocacy {

// Field checks of a cycle as it will be (fields `planning_cycle.<field>`).
void ValidatePlanningCycle(const v1::PlanningCycle& cycle, Violations* v);

// Whether the caller runs `cycle`: acting for its municipality, or an admin.
bool RunsCycle(const Principal& p, const v1::PlanningCycle& cycle);

// The cycle's standard changes: by its municipality's staff and admins (403 naming the rule).
absl::Status AuthorizeCycleChange(const Principal& p, const v1::PlanningCycle& cycle);

// A new cycle's history: its analysis stage, by `actor`, at `now`.
void StartCycle(const std::string& actor, absl::Time now, v1::PlanningCycle* cycle);

// The stage after `state` (PLANNING_CYCLE_STATE_UNSPECIFIED after the last).
v1::PlanningCycleState NextCycleState(v1::PlanningCycleState state);

// The cycle reaches `state` (the next stage only: anything else is FAILED_PRECONDITION naming
// the stage it is at and the next), by its municipality's staff or an admin, with `source`
// (required for the adoption). What each stage needs of the cycle's records (a recorded need,
// no open round, an action) is checked by the write (app/cycle_reads.h).
records::Transition<v1::PlanningCycle> AdvanceCycleTransition(v1::PlanningCycleState state,
                                                              const std::string& source,
                                                              const std::string& actor,
                                                              absl::Time now);

// Field checks of a need as it will be (fields `need.<field>`); its indicators' figures are
// monitoring's, filled by the service.
void ValidateNeed(const v1::Need& need, Violations* v);

// Needs are recorded, changed and archived by the cycle's municipality's staff, its partners and
// admins (403 naming the rule).
absl::Status AuthorizeNeedChange(const Principal& p, const v1::PlanningCycle& cycle);

}  // namespace civitas::advocacy
