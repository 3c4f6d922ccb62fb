#include "services/advocacy/domain/plan_actions.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "civitas/grants/v1/resources.pb.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "google/protobuf/util/time_util.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/exact_integer.h"
#include "services/advocacy/domain/planning_cycles.h"
#include "services/advocacy/domain/record_checks.h"

namespace civitas::advocacy {
namespace {

constexpr size_t kActionTitleLength = 300;
constexpr size_t kActionNoteLength = 1000;
constexpr int kMaxActionNeeds = 20;
constexpr int kMaxActionIndicators = 10;
constexpr int64_t kMaxBudgetMinor = 1'000'000'000'000;

// The action without what may change after adoption and what the service keeps.
v1::PlanAction WithoutLinks(const v1::PlanAction& a) {
  v1::PlanAction out = a;
  out.clear_social_service();
  out.clear_grant();
  out.clear_partnership();
  out.clear_indicators();
  out.clear_state_history();
  out.clear_create_time();
  out.clear_update_time();
  out.clear_etag();
  return out;
}

void AddActionChange(v1::PlanAction& action, v1::ActionState state, const std::string& note,
                     const std::string& actor, absl::Time now) {
  v1::ActionStateChange& change = *action.add_state_history();
  change.set_state(state);
  change.set_note(note);
  change.set_actor(actor);
  *change.mutable_time() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(now));
}

absl::Status AuthorizeProgress(const Principal& p, const v1::PlanningCycle& cycle,
                               const v1::PlanAction& action, bool staff_only) {
  if (RunsCycle(p, cycle)) return absl::OkStatus();
  if (!staff_only && !p.organization.empty() &&
      p.organization == action.responsible_organization()) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "only the staff of ", cycle.name(), "'s municipality (", cycle.municipality(), ")",
      staff_only ? ""
                 : absl::StrCat(", the responsible organisation (",
                                action.responsible_organization(), ")"),
      " or an admin may ", staff_only ? "cancel " : "move ", action.name()));
}

records::Transition<v1::PlanAction> ActionStep(std::string event, std::vector<v1::ActionState> from,
                                               v1::ActionState to, const v1::PlanningCycle& cycle,
                                               const std::string& note, const std::string& actor,
                                               absl::Time now) {
  records::Transition<v1::PlanAction> t;
  t.event = std::move(event);
  t.from = std::move(from);
  t.to = to;
  const bool cancel = to == v1::ACTION_CANCELLED;
  t.authorize = [cycle, cancel](const Principal& p, const v1::PlanAction& before) {
    return AuthorizeProgress(p, cycle, before, cancel);
  };
  t.effect = [=](v1::PlanAction& action) -> absl::Status {
    if (cancel && cycle.state() == v1::CYCLE_ARCHIVED) {
      return absl::FailedPreconditionError(absl::StrCat(cycle.name(), " is ",
                                                        v1::PlanningCycleState_Name(cycle.state()),
                                                        "; its actions no longer change"));
    }
    if (!cancel && cycle.state() != v1::CYCLE_ADOPTED) {
      return absl::FailedPreconditionError(
          absl::StrCat(cycle.name(), " is ", v1::PlanningCycleState_Name(cycle.state()),
                       "; its actions are funded, started and completed once the plan is ",
                       v1::PlanningCycleState_Name(v1::CYCLE_ADOPTED)));
    }
    Violations v;
    if (cancel) {
      CheckStatement(note, "note", kActionNoteLength, &v);
    } else {
      aip::CheckText(note, "note", false, kActionNoteLength, &v);
    }
    if (to == v1::ACTION_FUNDED && action.funding_source() == v1::FSTP_GRANT &&
        action.grant().empty()) {
      v.AddPrecondition("grant", absl::StrCat(action.name(),
                                              " is funded by an FSTP grant: name its grant "
                                              "(UpdatePlanAction) before funding it"));
    }
    if (!v.empty()) return v.ToStatus();
    AddActionChange(action, to, note, actor, now);
    return absl::OkStatus();
  };
  return t;
}

}  // namespace

bool IsLiveAction(v1::ActionState state) {
  return state != v1::ACTION_CANCELLED && state != v1::ACTION_ARCHIVED;
}

void ValidatePlanActionFields(const v1::PlanAction& a, Violations* v) {
  aip::CheckNameOf<v1::PlanningCycle>(a.cycle(), "plan_action.cycle", true, v);
  if (a.needs().empty() || a.needs_size() > kMaxActionNeeds) {
    v->Add("plan_action.needs", absl::StrCat("must hold 1 to ", kMaxActionNeeds, " needs"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < a.needs_size(); ++i) {
    const std::string f = absl::StrCat("plan_action.needs[", i, "]");
    aip::CheckNameOf<v1::Need>(a.needs(i), f, true, v);
    if (!seen.insert(a.needs(i)).second) v->Add(f, "is listed twice");
  }
  aip::CheckEnum(a.kind(), v1::ActionKind_descriptor(), {}, "plan_action.kind", v);
  aip::CheckLocalizedText(a.title(), "plan_action.title", true, kActionTitleLength, v);
  aip::CheckNameOf<registry::v1::SocialService>(a.social_service(), "plan_action.social_service",
                                                a.kind() == v1::EXPAND_SERVICE, v);
  aip::CheckNameOf<registry::v1::Organization>(a.responsible_organization(),
                                               "plan_action.responsible_organization", true, v);
  aip::CheckMoney(a.budget(), "plan_action.budget", true, v);
  if (a.has_budget() &&
      (a.budget().amount_minor() <= 0 || a.budget().amount_minor() > kMaxBudgetMinor)) {
    v->Add("plan_action.budget.amount_minor", absl::StrCat("must be 1..", kMaxBudgetMinor));
  }
  aip::CheckEnum(a.funding_source(), v1::FundingSource_descriptor(), {},
                 "plan_action.funding_source", v);
  aip::CheckDate(a.start_date(), "plan_action.start_date", true, v);
  aip::CheckDate(a.end_date(), "plan_action.end_date", true, v);
  aip::CheckDateRange(a.start_date(), a.end_date(), "plan_action.start_date",
                      "plan_action.end_date", v);
  aip::CheckNameOf<grants::v1::Grant>(a.grant(), "plan_action.grant", false, v);
  aip::CheckNameOf<registry::v1::Partnership>(a.partnership(), "plan_action.partnership", false, v);
  if (a.indicators_size() > kMaxActionIndicators) {
    v->Add("plan_action.indicators", absl::StrCat("must hold at most ", kMaxActionIndicators));
  }
  seen.clear();
  for (int i = 0; i < a.indicators_size(); ++i) {
    const std::string f = absl::StrCat("plan_action.indicators[", i, "]");
    aip::CheckNameOf<monitoring::v1::Indicator>(a.indicators(i), f, true, v);
    if (!seen.insert(a.indicators(i)).second) v->Add(f, "is listed twice");
  }
}

void ValidatePlanActionPeriod(const v1::PlanAction& a, const v1::PlanningCycle& cycle,
                              Violations* v) {
  if (aip::IsValidDate(a.start_date()) && a.start_date() < cycle.period_start_date()) {
    v->Add("plan_action.start_date",
           absl::StrCat("is before the cycle's period (from ", cycle.period_start_date(), ")"));
  }
  if (aip::IsValidDate(a.end_date()) && a.end_date() > cycle.period_end_date()) {
    v->Add("plan_action.end_date",
           absl::StrCat("is after the cycle's period (to ", cycle.period_end_date(), ")"));
  }
}

bool ChangesMoreThanLinks(const v1::PlanAction& before, const v1::PlanAction& after) {
  return WithoutLinks(before).SerializeAsString() != WithoutLinks(after).SerializeAsString();
}

absl::Status AuthorizePlanActionChange(const Principal& p, records::Change change,
                                       const v1::PlanningCycle& cycle, const v1::PlanAction* before,
                                       const v1::PlanAction& after) {
  const bool adopted = cycle.state() == v1::CYCLE_ADOPTED;
  const bool link_only = change == records::Change::kUpdate && before != nullptr &&
                         !ChangesMoreThanLinks(*before, after);
  if (RunsCycle(p, cycle)) return absl::OkStatus();
  if (adopted && link_only && !p.organization.empty() &&
      p.organization == after.responsible_organization()) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "only the staff of ", cycle.name(), "'s municipality (", cycle.municipality(),
      ") or an admin may draw up its action plan; once adopted, the responsible organisation "
      "also keeps an action's links (social service, grant, partnership, indicators)"));
}

void StartPlanAction(const std::string& actor, absl::Time now, v1::PlanAction* action) {
  action->clear_state_history();
  AddActionChange(*action, v1::ACTION_PLANNED, "", actor, now);
}

records::Transition<v1::PlanAction> FundPlanActionTransition(const v1::PlanningCycle& cycle,
                                                             const std::string& note,
                                                             const std::string& actor,
                                                             absl::Time now) {
  return ActionStep("funded", {v1::ACTION_PLANNED}, v1::ACTION_FUNDED, cycle, note, actor, now);
}

records::Transition<v1::PlanAction> StartPlanActionTransition(const v1::PlanningCycle& cycle,
                                                              const std::string& note,
                                                              const std::string& actor,
                                                              absl::Time now) {
  return ActionStep("started", {v1::ACTION_FUNDED}, v1::ACTION_IN_PROGRESS, cycle, note, actor,
                    now);
}

records::Transition<v1::PlanAction> CompletePlanActionTransition(const v1::PlanningCycle& cycle,
                                                                 const std::string& note,
                                                                 const std::string& actor,
                                                                 absl::Time now) {
  return ActionStep("completed", {v1::ACTION_IN_PROGRESS}, v1::ACTION_COMPLETED, cycle, note, actor,
                    now);
}

records::Transition<v1::PlanAction> CancelPlanActionTransition(const v1::PlanningCycle& cycle,
                                                               const std::string& note,
                                                               const std::string& actor,
                                                               absl::Time now) {
  return ActionStep("cancelled", {v1::ACTION_PLANNED, v1::ACTION_FUNDED, v1::ACTION_IN_PROGRESS},
                    v1::ACTION_CANCELLED, cycle, note, actor, now);
}

}  // namespace civitas::advocacy
