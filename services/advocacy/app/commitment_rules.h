// CommitmentRules: the RecordRules of commitments (libs/records): decisions from
// domain/commitments.h; loaded here: the campaign (through the request's reads) and the registry's
// organisation that made the commitment. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_rules.h"

namespace civitas::advocacy {

class CommitmentRules final : public records::RecordRules<v1::Commitment> {
 public:
  CommitmentRules(clients::RegistryClient* registry, const Clock* clock)
      : registry_(registry), clock_(clock) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Commitment>& states() const override;
  // Whoever may read its campaign.
  bool CanRead(const records::RuleContext& ctx, const v1::Commitment& commitment) const override;
  absl::Status PrefetchForRead(const records::RuleContext& ctx,
                               absl::Span<const v1::Commitment> commitments) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Commitment>& ctx,
                         const v1::Commitment& after) const override;
  void Validate(const v1::Commitment* before, const v1::Commitment& after,
                Violations* v) const override;
  // Creates and edits need the campaign open; state changes and archives one not archived (a
  // commitment is followed after its campaign closed). The organisation is registered.
  absl::Status LoadReferences(const records::ChangeContext<v1::Commitment>& ctx,
                              v1::Commitment* commitment, Violations* v,
                              std::vector<Reference>* references) override;
  // The campaign's count of open commitments, when the change opens or settles one.
  absl::Status ExtendPlan(const records::ChangeContext<v1::Commitment>& ctx,
                          const v1::Commitment& after, WritePlan* plan) override;

 private:
  clients::RegistryClient* const registry_;
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
