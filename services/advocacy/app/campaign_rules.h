// CampaignRules: the RecordRules of campaigns (libs/records): decisions from domain/campaigns.h;
// loaded here: the registry's organisations and territories a campaign names, and the grant that
// funds it. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/clients/grants_client.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"

namespace civitas::advocacy {

class CampaignRules final : public records::RecordRules<v1::Campaign> {
 public:
  CampaignRules(clients::RegistryClient* registry, clients::GrantsClient* grants)
      : registry_(registry), grants_(grants) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Campaign>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::Campaign& campaign) const override;
  // Each campaign's reach, from the totals its activities move (one read for all of them).
  absl::Status CompleteForRead(const records::RuleContext& ctx,
                               absl::Span<v1::Campaign> campaigns) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Campaign>& ctx,
                         const v1::Campaign& after) const override;
  void Validate(const v1::Campaign* before, const v1::Campaign& after,
                Violations* v) const override;
  // The organisations (lead, coalition, decision-makers') and territories are in the registry,
  // the funding grant in the grants service: only those the change adds are asked.
  absl::Status LoadReferences(const records::ChangeContext<v1::Campaign>& ctx,
                              v1::Campaign* campaign, Violations* v,
                              std::vector<Reference>* references) override;
  // Archiving requires no commitment of the campaign still made or in progress, checked in the
  // write itself (a commitment recorded meanwhile refuses the archive, or waits for it).
  absl::Status ExtendPlan(const records::ChangeContext<v1::Campaign>& ctx,
                          const v1::Campaign& after, WritePlan* plan) override;

 private:
  clients::RegistryClient* const registry_;
  clients::GrantsClient* const grants_;
};

}  // namespace civitas::advocacy
