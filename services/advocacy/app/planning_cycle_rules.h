// PlanningCycleRules: the RecordRules of planning cycles (libs/records): decisions from
// domain/planning_cycles.h; loaded here: the registry's territory, municipality (a
// PUBLIC_AUTHORITY) and partners a cycle names. Thread-safe.
#pragma once

#include <vector>

#include "civitas/advocacy/v1/planning.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_rules.h"

namespace civitas::advocacy {

class PlanningCycleRules final : public records::RecordRules<v1::PlanningCycle> {
 public:
  PlanningCycleRules(clients::RegistryClient* registry, const Clock* clock)
      : registry_(registry), clock_(clock) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::PlanningCycle>& states() const override;
  // Anyone: participatory planning is public.
  bool CanRead(const records::RuleContext& ctx, const v1::PlanningCycle& cycle) const override;
  absl::Status Authorize(const records::ChangeContext<v1::PlanningCycle>& ctx,
                         const v1::PlanningCycle& after) const override;
  void Validate(const v1::PlanningCycle* before, const v1::PlanningCycle& after,
                Violations* v) const override;
  // Only what the change adds is asked of the registry; a create starts the stage history.
  absl::Status LoadReferences(const records::ChangeContext<v1::PlanningCycle>& ctx,
                              v1::PlanningCycle* cycle, Violations* v,
                              std::vector<Reference>* references) override;
  // An archive requires no open round, checked in the write itself.
  absl::Status ExtendPlan(const records::ChangeContext<v1::PlanningCycle>& ctx,
                          const v1::PlanningCycle& after, WritePlan* plan) override;

 private:
  clients::RegistryClient* const registry_;
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
