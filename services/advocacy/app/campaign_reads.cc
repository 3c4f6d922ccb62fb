#include "services/advocacy/app/campaign_reads.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "services/advocacy/domain/campaigns.h"

namespace civitas::advocacy {

absl::StatusOr<std::optional<records::StoredRecord<v1::Campaign>>> ReadableCampaign(
    const records::RuleContext& ctx, const std::string& name) {
  ASSIGN_OR_RETURN(auto campaign, records::ReadNamed<v1::Campaign>(ctx.reads, name));
  if (campaign.has_value() && !CanReadCampaign(ctx.caller, campaign->record)) return std::nullopt;
  return campaign;
}

bool CanReadCampaignOf(const records::RuleContext& ctx, const std::string& name) {
  auto campaign = ReadableCampaign(ctx, name);
  return campaign.ok() && campaign->has_value();
}

absl::Status PrefetchCampaigns(const records::RuleContext& ctx,
                               const std::vector<std::string>& names) {
  return records::PrefetchNamed<v1::Campaign>(ctx.reads, names);
}

CounterChange OpenCommitmentsOf(const std::string& campaign, int64_t delta) {
  return {.name = absl::StrCat(campaign, "/open_commitments"),
          .delta = delta,
          .what = absl::StrCat("commitments of ", campaign,
                               " still made or in progress (fulfil, break or withdraw them "
                               "first)"),
          .max_is = "what archiving the campaign allows:",
          .min_is = "zero:"};
}

absl::StatusOr<std::optional<records::StoredRecord<v1::Campaign>>> RequireCampaign(
    const records::RuleContext& ctx, const std::string& name, CampaignNeed need,
    const std::string& field, Violations* v, std::vector<Reference>* references) {
  ASSIGN_OR_RETURN(auto campaign, ReadableCampaign(ctx, name));
  if (!campaign.has_value()) {
    if (aip::IsNameOf<v1::Campaign>(name)) v->Add(field, absl::StrCat(name, " does not exist"));
    return campaign;
  }
  const v1::CampaignState state = campaign->record.state();
  std::vector<v1::CampaignState> allowed = {v1::CAMPAIGN_PLANNED, v1::CAMPAIGN_ACTIVE,
                                            v1::CAMPAIGN_PAUSED};
  if (need == CampaignNeed::kNotArchived) allowed.push_back(v1::CAMPAIGN_CLOSED);
  if (std::find(allowed.begin(), allowed.end(), state) == allowed.end()) {
    v->AddPrecondition(field, absl::StrCat(name, " is ", v1::CampaignState_Name(state),
                                           need == CampaignNeed::kOpen
                                               ? ": a closed campaign's records are frozen"
                                               : ": an archived campaign's records are frozen"));
    return campaign;
  }
  // Still in such a state when the write applies (a close racing this change comes first or
  // after, never in between).
  Reference ref = records::RefTo<v1::Campaign>(aip::IdIn<v1::Campaign>(name));
  for (v1::CampaignState s : allowed) ref.states.push_back(records::StateName<v1::Campaign>(s));
  references->push_back(std::move(ref));
  return campaign;
}

}  // namespace civitas::advocacy
