// ActivityRules: the RecordRules of activities (libs/records): decisions from domain/; loaded
// here: the campaign (read through the request, so that a List page's checks read each campaign
// once) and the registry's organisations an activity names. Each change moves its campaign's
// reach in the same write (the campaign at the version read), so the totals always equal the sums
// over the activities. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"
#include "libs/records/record_service.h"

namespace civitas::advocacy {

class ActivityRules final : public records::RecordRules<v1::Activity> {
 public:
  ActivityRules(clients::RegistryClient* registry, records::RecordService<v1::Campaign>* campaigns)
      : registry_(registry), campaigns_(campaigns) {}
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
  // The campaign's reach moved by the change, when it moves.
  absl::Status ExtendPlan(const records::ChangeContext<v1::Activity>& ctx,
                          const v1::Activity& after, WritePlan* plan) override;

 private:
  clients::RegistryClient* const registry_;
  records::RecordService<v1::Campaign>* const campaigns_;
};

}  // namespace civitas::advocacy
