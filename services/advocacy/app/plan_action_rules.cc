#include "services/advocacy/app/plan_action_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/status_macros.h"
#include "services/advocacy/app/cycle_reads.h"
#include "services/advocacy/app/evidence_desk.h"
#include "services/advocacy/domain/plan_actions.h"
#include "services/advocacy/domain/planning_cycles.h"
#include "services/advocacy/domain/resource_spec.h"
#include "services/advocacy/domain/state_models.h"

namespace civitas::advocacy {

const aip::ResourceSpec& PlanActionRules::spec() const { return PlanActionSpec(); }

const records::StateModel<v1::PlanAction>& PlanActionRules::states() const {
  return PlanActionStates();
}

bool PlanActionRules::CanRead(const records::RuleContext&, const v1::PlanAction&) const {
  return true;
}

absl::Status PlanActionRules::Authorize(const records::ChangeContext<v1::PlanAction>& ctx,
                                        const v1::PlanAction& after) const {
  ASSIGN_OR_RETURN(auto cycle, ReadCycle(ctx, after.cycle()));
  if (!cycle.has_value()) return absl::OkStatus();  // LoadReferences: missing
  return AuthorizePlanActionChange(ctx.caller, ctx.change, cycle->record, ctx.before, after);
}

void PlanActionRules::Validate(const v1::PlanAction*, const v1::PlanAction& after,
                               Violations* v) const {
  ValidatePlanActionFields(after, v);
}

absl::Status PlanActionRules::LoadReferences(const records::ChangeContext<v1::PlanAction>& ctx,
                                             v1::PlanAction* action, Violations* v,
                                             std::vector<Reference>* references) {
  // A transition's own rules say when it applies (domain/plan_actions.h).
  if (ctx.change == records::Change::kTransition) return absl::OkStatus();
  const v1::PlanAction* before = ctx.before;
  if (ctx.change == records::Change::kUpdate && !IsLiveAction(before->state())) {
    v->AddPrecondition("plan_action.name",
                       absl::StrCat(action->name(), " is ", v1::ActionState_Name(before->state()),
                                    " and no longer changes"));
    return absl::OkStatus();
  }
  if (ctx.change == records::Change::kUpdate && before->state() == v1::ACTION_COMPLETED) {
    v->AddPrecondition("plan_action.name",
                       absl::StrCat(action->name(), " is ACTION_COMPLETED and no longer changes"));
    return absl::OkStatus();
  }
  const bool links_only =
      ctx.change == records::Change::kUpdate && !ChangesMoreThanLinks(*before, *action);
  std::vector<v1::PlanningCycleState> stages = {v1::CYCLE_ACTION_PLANNING};
  if (links_only) stages.push_back(v1::CYCLE_ADOPTED);
  const size_t problems = v->items().size();
  ASSIGN_OR_RETURN(
      auto cycle,
      RequireCycle(ctx, action->cycle(), stages,
                   links_only ? "an action's links change while the plan is drawn up or adopted"
                              : "actions are drawn up, changed and archived during the action "
                                "planning (once adopted, only their links change)",
                   "plan_action.cycle", v, references));
  if (!cycle.has_value() || v->items().size() != problems) return absl::OkStatus();
  if (ctx.change == records::Change::kArchive) return absl::OkStatus();
  ValidatePlanActionPeriod(*action, cycle->record, v);
  std::set<std::string> had;
  if (before != nullptr) had.insert(before->needs().begin(), before->needs().end());
  std::vector<std::string> added;
  for (const std::string& n : action->needs()) {
    if (!had.contains(n)) added.push_back(n);
  }
  if (!added.empty()) {
    ASSIGN_OR_RETURN(auto needs, records::ReadNamedManyStored<v1::Need>(ctx.reads, added));
    std::set<std::string> usable;
    for (const auto& n : needs) {
      if (n.record.cycle() == action->cycle() && n.record.state() == v1::NEED_RECORDED) {
        usable.insert(n.record.name());
      }
    }
    for (int i = 0; i < action->needs_size(); ++i) {
      if (!had.contains(action->needs(i)) && !usable.contains(action->needs(i))) {
        v->Add(absl::StrCat("plan_action.needs[", i, "]"),
               absl::StrCat(action->needs(i), " is not a need recorded in ", action->cycle()));
      }
    }
  }
  RETURN_IF_ERROR(CheckLinks(ctx, *action, cycle->record, v));
  if (ctx.change == records::Change::kCreate) {
    StartPlanAction(ctx.caller.subject, clock_->Now(), action);
  }
  return absl::OkStatus();
}

absl::Status PlanActionRules::CheckLinks(const records::ChangeContext<v1::PlanAction>& ctx,
                                         const v1::PlanAction& a, const v1::PlanningCycle& cycle,
                                         Violations* v) const {
  const v1::PlanAction* before = ctx.before;
  const bool new_organization =
      before == nullptr || before->responsible_organization() != a.responsible_organization();
  if (new_organization) {
    RETURN_IF_ERROR(clients::CheckOrganizationRegistered(registry_, a.responsible_organization(),
                                                         "plan_action.responsible_organization", v,
                                                         ctx.call));
  }
  if (!a.social_service().empty() &&
      aip::IsNameOf<registry::v1::SocialService>(a.social_service()) &&
      (before == nullptr || before->social_service() != a.social_service())) {
    RETURN_IF_ERROR(clients::FindSocialService(registry_, a.social_service(),
                                               "plan_action.social_service", v, ctx.call)
                        .status());
  }
  // The grant that funds it goes to the organisation that delivers it.
  if (!a.grant().empty() && aip::IsNameOf<grants::v1::Grant>(a.grant()) &&
      (new_organization || before->grant() != a.grant())) {
    absl::StatusOr<grants::v1::Grant> found = grants_->GetGrant(ctx.call, a.grant());
    if (found.status().code() == absl::StatusCode::kNotFound ||
        found.status().code() == absl::StatusCode::kPermissionDenied) {
      v->Add("plan_action.grant", absl::StrCat(a.grant(), " is not a grant"));
    } else if (!found.ok()) {
      return found.status();
    } else if (found->recipient() != a.responsible_organization()) {
      v->Add("plan_action.grant",
             absl::StrCat(a.grant(), " goes to ", found->recipient(),
                          ", not to the responsible organisation ", a.responsible_organization()));
    }
  }
  // The contract that buys it: a service contract between the municipality and that organisation.
  if (!a.partnership().empty() && aip::IsNameOf<registry::v1::Partnership>(a.partnership()) &&
      (new_organization || before->partnership() != a.partnership())) {
    absl::StatusOr<registry::v1::Partnership> found =
        registry_->GetPartnership(ctx.call, a.partnership());
    if (found.status().code() == absl::StatusCode::kNotFound ||
        found.status().code() == absl::StatusCode::kPermissionDenied) {
      v->Add("plan_action.partnership", absl::StrCat(a.partnership(), " is not in the registry"));
    } else if (!found.ok()) {
      return found.status();
    } else if (found->kind() != registry::v1::Partnership::SERVICE_CONTRACT ||
               found->authority() != cycle.municipality() ||
               found->cso() != a.responsible_organization()) {
      v->Add("plan_action.partnership",
             absl::StrCat(a.partnership(), " must be a SERVICE_CONTRACT between ",
                          cycle.municipality(), " and ", a.responsible_organization()));
    }
  }
  std::set<std::string> had;
  if (before != nullptr) had.insert(before->indicators().begin(), before->indicators().end());
  for (int i = 0; i < a.indicators_size(); ++i) {
    const std::string& indicator = a.indicators(i);
    if (had.contains(indicator) || !aip::IsNameOf<monitoring::v1::Indicator>(indicator)) continue;
    // Published when monitoring answers a question about it (with or without figures yet).
    monitoring::v1::GetAnalyticsRequest question;
    question.add_indicators(indicator);
    question.add_org_units(cycle.territory());
    question.add_periods(cycle.period_start_date().substr(0, 4));
    question.set_accepted_only(true);
    absl::StatusOr<monitoring::v1::Analytics> answer =
        monitoring_->GetAnalytics(ctx.call, question);
    // A question monitoring refuses about it (INVALID_ARGUMENT: not an indicator it measures
    // for territories) is the same answer to the caller.
    if (NotPublishedByMonitoring(answer.status()) ||
        answer.status().code() == absl::StatusCode::kInvalidArgument) {
      v->Add(absl::StrCat("plan_action.indicators[", i, "]"),
             absl::StrCat(indicator, " is not an indicator monitoring publishes"));
    } else {
      RETURN_IF_ERROR(answer.status());
    }
  }
  return absl::OkStatus();
}

absl::Status PlanActionRules::ExtendPlan(const records::ChangeContext<v1::PlanAction>& ctx,
                                         const v1::PlanAction& after, WritePlan* plan) {
  if (ctx.change == records::Change::kCreate) {
    plan->counters.push_back(CycleActions(after.cycle(), 1));
  } else if (ctx.change == records::Change::kArchive && ctx.before != nullptr &&
             IsLiveAction(ctx.before->state())) {
    plan->counters.push_back(CycleActions(after.cycle(), -1));
  }
  return absl::OkStatus();
}

}  // namespace civitas::advocacy
