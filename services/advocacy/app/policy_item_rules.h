// PolicyItemRules: the RecordRules of policy items (libs/records): decisions from
// domain/policy_items.h; loaded here: the campaign, through the request's reads. A new item's
// steps start with its agenda step. Thread-safe.
#pragma once

#include <vector>

#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/common/clock.h"
#include "libs/records/record_rules.h"

namespace civitas::advocacy {

class PolicyItemRules final : public records::RecordRules<v1::PolicyItem> {
 public:
  explicit PolicyItemRules(const Clock* clock) : clock_(clock) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::PolicyItem>& states() const override;
  // Whoever may read its campaign.
  bool CanRead(const records::RuleContext& ctx, const v1::PolicyItem& item) const override;
  absl::Status PrefetchForRead(const records::RuleContext& ctx,
                               absl::Span<const v1::PolicyItem> items) const override;
  absl::Status Authorize(const records::ChangeContext<v1::PolicyItem>& ctx,
                         const v1::PolicyItem& after) const override;
  void Validate(const v1::PolicyItem* before, const v1::PolicyItem& after,
                Violations* v) const override;
  // Creates and edits need the campaign open; steps and archives one not archived. A create's
  // steps are its agenda step.
  absl::Status LoadReferences(const records::ChangeContext<v1::PolicyItem>& ctx,
                              v1::PolicyItem* item, Violations* v,
                              std::vector<Reference>* references) override;

 private:
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
