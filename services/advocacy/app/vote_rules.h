// VoteRules: the RecordRules of votes (libs/records): decisions from domain/prioritisation.h;
// loaded here: the round (open, checked again by the write) and, for who may read a vote, the
// round's cycle. Each change of a vote moves its round's tallies in the same write. Votes are
// made and changed by VoteBox only. Thread-safe.
#pragma once

#include <vector>

#include "civitas/advocacy/v1/planning.pb.h"
#include "libs/records/record_rules.h"

namespace civitas::advocacy {

class VoteRules final : public records::RecordRules<v1::Vote> {
 public:
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Vote>& states() const override;
  // Its voter, the staff of its cycle's municipality, admins.
  bool CanRead(const records::RuleContext& ctx, const v1::Vote& vote) const override;
  // Each person casts their own votes.
  absl::Status Authorize(const records::ChangeContext<v1::Vote>& ctx,
                         const v1::Vote& after) const override;
  void Validate(const v1::Vote* before, const v1::Vote& after, Violations* v) const override;
  // The round open when the write applies: a vote racing the close is counted or refused, never
  // changed after it.
  absl::Status LoadReferences(const records::ChangeContext<v1::Vote>& ctx, v1::Vote* vote,
                              Violations* v, std::vector<Reference>* references) override;
  // The round's tallies moved by the change.
  absl::Status ExtendPlan(const records::ChangeContext<v1::Vote>& ctx, const v1::Vote& after,
                          WritePlan* plan) override;
};

}  // namespace civitas::advocacy
