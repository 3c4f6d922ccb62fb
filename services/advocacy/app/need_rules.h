// NeedRules: the RecordRules of needs (libs/records): decisions from domain/planning_cycles.h;
// loaded here: the cycle (at the analysis stage), and the figures of each indicator cited, asked
// of monitoring when the need is recorded or the citation changes. Thread-safe.
#pragma once

#include <vector>

#include "civitas/advocacy/v1/planning.pb.h"
#include "libs/clients/monitoring_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_rules.h"

namespace civitas::advocacy {

class NeedRules final : public records::RecordRules<v1::Need> {
 public:
  NeedRules(clients::MonitoringClient* monitoring, const Clock* clock)
      : monitoring_(monitoring), clock_(clock) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Need>& states() const override;
  // Anyone.
  bool CanRead(const records::RuleContext& ctx, const v1::Need& need) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Need>& ctx,
                         const v1::Need& after) const override;
  void Validate(const v1::Need* before, const v1::Need& after, Violations* v) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Need>& ctx, v1::Need* need,
                              Violations* v, std::vector<Reference>* references) override;
  // The cycle's count of recorded needs, moved by a create and an archive.
  absl::Status ExtendPlan(const records::ChangeContext<v1::Need>& ctx, const v1::Need& after,
                          WritePlan* plan) override;

 private:
  clients::MonitoringClient* const monitoring_;
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
