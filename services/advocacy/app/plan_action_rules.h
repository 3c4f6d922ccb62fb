// PlanActionRules: the RecordRules of a plan's actions (libs/records): decisions from
// domain/plan_actions.h; loaded here: the cycle (its stage and period), the needs the action
// answers (recorded in that cycle), and what it links to, as the services that hold them answer:
// the organisation and the social service (registry), the grant (grants), the indicators
// (monitoring publishes them). Only what a change adds is asked. Thread-safe.
#pragma once

#include <vector>

#include "civitas/advocacy/v1/planning.pb.h"
#include "libs/clients/grants_client.h"
#include "libs/clients/monitoring_client.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_rules.h"

namespace civitas::advocacy {

class PlanActionRules final : public records::RecordRules<v1::PlanAction> {
 public:
  PlanActionRules(clients::RegistryClient* registry, clients::GrantsClient* grants,
                  clients::MonitoringClient* monitoring, const Clock* clock)
      : registry_(registry), grants_(grants), monitoring_(monitoring), clock_(clock) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::PlanAction>& states() const override;
  // Anyone.
  bool CanRead(const records::RuleContext& ctx, const v1::PlanAction& action) const override;
  absl::Status Authorize(const records::ChangeContext<v1::PlanAction>& ctx,
                         const v1::PlanAction& after) const override;
  void Validate(const v1::PlanAction* before, const v1::PlanAction& after,
                Violations* v) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::PlanAction>& ctx,
                              v1::PlanAction* action, Violations* v,
                              std::vector<Reference>* references) override;
  // The cycle's count of live actions, moved by a create and an archive.
  absl::Status ExtendPlan(const records::ChangeContext<v1::PlanAction>& ctx,
                          const v1::PlanAction& after, WritePlan* plan) override;

 private:
  // The links `action` adds to `before` (null for a create), each asked of its service: the
  // grant goes to the responsible organisation, the contract is a SERVICE_CONTRACT between the
  // cycle's municipality and it.
  absl::Status CheckLinks(const records::ChangeContext<v1::PlanAction>& ctx,
                          const v1::PlanAction& action, const v1::PlanningCycle& cycle,
                          Violations* v) const;

  clients::RegistryClient* const registry_;
  clients::GrantsClient* const grants_;
  clients::MonitoringClient* const monitoring_;
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
