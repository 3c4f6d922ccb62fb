// ActivityRules: the RecordRules of activities (libs/records): decisions from domain/; loaded
// here: the campaign (read through the request, so that a List page's checks read each campaign
// once) and the registry's organisations an activity names. Each change moves its campaign's
// reach totals in the same write (domain/activities.h: a hash beside the campaign, not the
// campaign itself, so that activities recorded at once never contend), so the totals always
// equal the sums over the activities. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"

namespace civitas::advocacy {

class ActivityRules final : public records::RecordRules<v1::Activity> {
 public:
  explicit ActivityRules(clients::RegistryClient* registry) : registry_(registry) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Activity>& states() const override;
  // Whoever may read its campaign.
  bool CanRead(const records::RuleContext& ctx, const v1::Activity& activity) const override;
  absl::Status PrefetchForRead(const records::RuleContext& ctx,
                               absl::Span<const v1::Activity> activities) const override;
  // The campaign's lead, CO_LEADs, MEMBERs and admins.
  absl::Status Authorize(const records::ChangeContext<v1::Activity>& ctx,
                         const v1::Activity& after) const override;
  void Validate(const v1::Activity* before, const v1::Activity& after,
                Violations* v) const override;
  // The campaign exists for the caller and takes activities (not closed); the organisations the
  // change adds are registered.
  absl::Status LoadReferences(const records::ChangeContext<v1::Activity>& ctx,
                              v1::Activity* activity, Violations* v,
                              std::vector<Reference>* references) override;
  // The campaign's reach totals moved by the change, when its counts move.
  absl::Status ExtendPlan(const records::ChangeContext<v1::Activity>& ctx,
                          const v1::Activity& after, WritePlan* plan) override;

 private:
  clients::RegistryClient* const registry_;
};

}  // namespace civitas::advocacy
