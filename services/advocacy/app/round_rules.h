// RoundRules: the RecordRules of prioritisation rounds (libs/records): decisions from
// domain/prioritisation.h; loaded here: the cycle (in prioritisation), the round's needs (recorded
// in that cycle) and the registry's participant organisations; read with each round: its tallies,
// from the totals its votes move. Thread-safe.
#pragma once

#include <vector>

#include "civitas/advocacy/v1/planning.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"

namespace civitas::advocacy {

class RoundRules final : public records::RecordRules<v1::PrioritisationRound> {
 public:
  explicit RoundRules(clients::RegistryClient* registry) : registry_(registry) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::PrioritisationRound>& states() const override;
  // Anyone, with the tallies.
  bool CanRead(const records::RuleContext& ctx,
               const v1::PrioritisationRound& round) const override;
  absl::Status CompleteForRead(const records::RuleContext& ctx,
                               absl::Span<v1::PrioritisationRound> rounds) const override;
  // The cycle's municipality's staff and admins; an archive only once closed.
  absl::Status Authorize(const records::ChangeContext<v1::PrioritisationRound>& ctx,
                         const v1::PrioritisationRound& after) const override;
  void Validate(const v1::PrioritisationRound* before, const v1::PrioritisationRound& after,
                Violations* v) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::PrioritisationRound>& ctx,
                              v1::PrioritisationRound* round, Violations* v,
                              std::vector<Reference>* references) override;
  // A round opened counts among its cycle's open rounds until it closes.
  absl::Status ExtendPlan(const records::ChangeContext<v1::PrioritisationRound>& ctx,
                          const v1::PrioritisationRound& after, WritePlan* plan) override;

 private:
  clients::RegistryClient* const registry_;
};

}  // namespace civitas::advocacy
