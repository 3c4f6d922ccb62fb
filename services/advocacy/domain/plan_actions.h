// Actions of a municipal action plan, pure: what a valid action is, who draws it up (the cycle's
// municipality's staff and admins, while the cycle is in action planning), what may change once
// the plan is adopted (its links: service, grant, contract, indicators; also by the responsible
// organisation), and its states planned -> funded -> in progress -> completed, or cancelled.
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

// Field checks of an action as it will be (fields `plan_action.<field>`) that need no cycle:
// names, amounts, dates, lists.
void ValidatePlanActionFields(const v1::PlanAction& action, Violations* v);

// Its dates within the cycle's period (valid dates only: the others are ValidatePlanActionFields').
void ValidatePlanActionPeriod(const v1::PlanAction& action, const v1::PlanningCycle& cycle,
                              Violations* v);

// The standard changes of an action of `cycle`: drawn up, edited and archived by the cycle's
// municipality's staff and admins while the cycle is in action planning; once adopted, its
// links are also kept by the responsible organisation, and nothing else changes.
absl::Status AuthorizePlanActionChange(const Principal& p, records::Change change,
                                       const v1::PlanningCycle& cycle, const v1::PlanAction* before,
                                       const v1::PlanAction& after);

// True when `before` and `after` differ in more than their links (social service, grant,
// partnership, indicators) and what the service keeps (times, etag, history).
bool ChangesMoreThanLinks(const v1::PlanAction& before, const v1::PlanAction& after);

// A new action's history: planned, by `actor`, at `now`.
void StartPlanAction(const std::string& actor, absl::Time now, v1::PlanAction* action);

// The action's state changes (event, from, to), moved by the cycle's municipality's staff, the
// responsible organisation (not to cancel) and admins, with `note` (required to cancel; to fund
// an FSTP_GRANT action its grant must be named). The cycle must be adopted to fund one.
records::Transition<v1::PlanAction> FundPlanActionTransition(const v1::PlanningCycle& cycle,
                                                             const std::string& note,
                                                             const std::string& actor,
                                                             absl::Time now);
records::Transition<v1::PlanAction> StartPlanActionTransition(const v1::PlanningCycle& cycle,
                                                              const std::string& note,
                                                              const std::string& actor,
                                                              absl::Time now);
records::Transition<v1::PlanAction> CompletePlanActionTransition(const v1::PlanningCycle& cycle,
                                                                 const std::string& note,
                                                                 const std::string& actor,
                                                                 absl::Time now);
records::Transition<v1::PlanAction> CancelPlanActionTransition(const v1::PlanningCycle& cycle,
                                                               const std::string& note,
                                                               const std::string& actor,
                                                               absl::Time now);

// Whether an action in `state` counts among the cycle's live actions.
bool IsLiveAction(v1::ActionState state);

}  // namespace civitas::advocacy
