#include "services/advocacy/app/planning_cycle_rules.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/status_macros.h"
#include "services/advocacy/app/cycle_reads.h"
#include "services/advocacy/domain/planning_cycles.h"
#include "services/advocacy/domain/resource_spec.h"
#include "services/advocacy/domain/state_models.h"

namespace civitas::advocacy {

const aip::ResourceSpec& PlanningCycleRules::spec() const { return PlanningCycleSpec(); }

const records::StateModel<v1::PlanningCycle>& PlanningCycleRules::states() const {
  return PlanningCycleStates();
}

bool PlanningCycleRules::CanRead(const records::RuleContext&, const v1::PlanningCycle&) const {
  return true;
}

absl::Status PlanningCycleRules::Authorize(const records::ChangeContext<v1::PlanningCycle>& ctx,
                                           const v1::PlanningCycle& after) const {
  return AuthorizeCycleChange(ctx.caller, ctx.before != nullptr ? *ctx.before : after);
}

void PlanningCycleRules::Validate(const v1::PlanningCycle*, const v1::PlanningCycle& after,
                                  Violations* v) const {
  ValidatePlanningCycle(after, v);
}

absl::Status PlanningCycleRules::LoadReferences(
    const records::ChangeContext<v1::PlanningCycle>& ctx, v1::PlanningCycle* c, Violations* v,
    std::vector<Reference>*) {
  const v1::PlanningCycle* before = ctx.before;
  if (before == nullptr) {
    RETURN_IF_ERROR(clients::CheckTerritoryRegistered(registry_, c->territory(),
                                                      "planning_cycle.territory", v, ctx.call));
    if (aip::IsNameOf<registry::v1::Organization>(c->municipality())) {
      absl::StatusOr<registry::v1::Organization> municipality =
          registry_->GetOrganization(ctx.call, c->municipality());
      if (municipality.status().code() == absl::StatusCode::kNotFound) {
        v->Add("planning_cycle.municipality",
               absl::StrCat(c->municipality(), " is not in the registry"));
      } else if (!municipality.ok()) {
        return municipality.status();
      } else if (municipality->type() != registry::v1::PUBLIC_AUTHORITY) {
        v->Add("planning_cycle.municipality",
               absl::StrCat(c->municipality(), " is ",
                            registry::v1::OrganizationType_Name(municipality->type()),
                            ", not a PUBLIC_AUTHORITY"));
      } else if (std::find(municipality->territories().begin(), municipality->territories().end(),
                           c->territory()) == municipality->territories().end()) {
        // A municipality plans its own territory, as the registry records it.
        v->Add("planning_cycle.territory",
               absl::StrCat(c->territory(), " is not among the territories of ", c->municipality(),
                            " in the registry"));
      }
    }
    StartCycle(ctx.caller.subject, clock_->Now(), c);
  }
  std::set<std::string> had;
  if (before != nullptr) had.insert(before->partners().begin(), before->partners().end());
  for (int i = 0; i < c->partners_size(); ++i) {
    if (had.contains(c->partners(i))) continue;
    RETURN_IF_ERROR(clients::CheckOrganizationRegistered(
        registry_, c->partners(i), absl::StrCat("planning_cycle.partners[", i, "]"), v, ctx.call));
  }
  return absl::OkStatus();
}

absl::Status PlanningCycleRules::ExtendPlan(const records::ChangeContext<v1::PlanningCycle>& ctx,
                                            const v1::PlanningCycle& after, WritePlan* plan) {
  if (ctx.change == records::Change::kArchive && ctx.before != nullptr &&
      ctx.before->state() != v1::CYCLE_ARCHIVED) {
    CounterChange none = CycleOpenRounds(after.name(), 0);
    none.max = 0;
    plan->counters.push_back(std::move(none));
  }
  return absl::OkStatus();
}

}  // namespace civitas::advocacy
