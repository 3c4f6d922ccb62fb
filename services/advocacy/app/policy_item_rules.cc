#include "services/advocacy/app/policy_item_rules.h"

#include "libs/common/status_macros.h"
#include "services/advocacy/app/campaign_reads.h"
#include "services/advocacy/domain/policy_items.h"
#include "services/advocacy/domain/resource_spec.h"
#include "services/advocacy/domain/state_models.h"

namespace civitas::advocacy {

const aip::ResourceSpec& PolicyItemRules::spec() const { return PolicyItemSpec(); }

const records::StateModel<v1::PolicyItem>& PolicyItemRules::states() const {
  return PolicyItemStates();
}

bool PolicyItemRules::CanRead(const records::RuleContext& ctx, const v1::PolicyItem& item) const {
  return CanReadCampaignOf(ctx, item.campaign());
}

absl::Status PolicyItemRules::PrefetchForRead(const records::RuleContext& ctx,
                                              absl::Span<const v1::PolicyItem> items) const {
  std::vector<std::string> campaigns;
  for (const v1::PolicyItem& item : items) campaigns.push_back(item.campaign());
  return PrefetchCampaigns(ctx, campaigns);
}

absl::Status PolicyItemRules::Authorize(const records::ChangeContext<v1::PolicyItem>& ctx,
                                        const v1::PolicyItem& after) const {
  ASSIGN_OR_RETURN(auto campaign, ReadableCampaign(ctx, after.campaign()));
  if (!campaign.has_value()) return absl::OkStatus();  // LoadReferences: missing
  return AuthorizePolicyItemChange(ctx.caller, ctx.change, campaign->record);
}

void PolicyItemRules::Validate(const v1::PolicyItem*, const v1::PolicyItem& after,
                               Violations* v) const {
  ValidatePolicyItem(after, absl::ToCivilDay(clock_->Now(), absl::UTCTimeZone()), v);
}

absl::Status PolicyItemRules::LoadReferences(const records::ChangeContext<v1::PolicyItem>& ctx,
                                             v1::PolicyItem* item, Violations* v,
                                             std::vector<Reference>* references) {
  const bool edit =
      ctx.change == records::Change::kCreate || ctx.change == records::Change::kUpdate;
  RETURN_IF_ERROR(RequireCampaign(ctx, item->campaign(),
                                  edit ? CampaignNeed::kOpen : CampaignNeed::kNotArchived,
                                  "policy_item.campaign", v, references)
                      .status());
  if (ctx.change == records::Change::kCreate) StartPipeline(ctx.caller.subject, item);
  return absl::OkStatus();
}

}  // namespace civitas::advocacy
