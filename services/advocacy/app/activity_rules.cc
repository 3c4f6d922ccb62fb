#include "services/advocacy/app/activity_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/status_macros.h"
#include "services/advocacy/app/campaign_reads.h"
#include "services/advocacy/domain/activities.h"
#include "services/advocacy/domain/campaigns.h"
#include "services/advocacy/domain/resource_spec.h"
#include "services/advocacy/domain/state_models.h"

namespace civitas::advocacy {

const aip::ResourceSpec& ActivityRules::spec() const { return ActivitySpec(); }

const records::StateModel<v1::Activity>& ActivityRules::states() const { return ActivityStates(); }

bool ActivityRules::CanRead(const records::RuleContext& ctx, const v1::Activity& activity) const {
  return CanReadCampaignOf(ctx, activity.campaign());
}

absl::Status ActivityRules::PrefetchForRead(const records::RuleContext& ctx,
                                            absl::Span<const v1::Activity> activities) const {
  std::vector<std::string> campaigns;
  for (const v1::Activity& a : activities) campaigns.push_back(a.campaign());
  return PrefetchCampaigns(ctx, campaigns);
}

absl::Status ActivityRules::Authorize(const records::ChangeContext<v1::Activity>& ctx,
                                      const v1::Activity& after) const {
  ASSIGN_OR_RETURN(auto campaign, ReadableCampaign(ctx, after.campaign()));
  // A campaign that is missing, or that the caller may not read, is refused as missing by
  // LoadReferences (its existence does not leak through a 403).
  if (!campaign.has_value()) return absl::OkStatus();
  return AuthorizeActivityRecording(ctx.caller, campaign->record);
}

void ActivityRules::Validate(const v1::Activity*, const v1::Activity& after, Violations* v) const {
  ValidateActivity(after, v);
}

absl::Status ActivityRules::LoadReferences(const records::ChangeContext<v1::Activity>& ctx,
                                           v1::Activity* a, Violations* v,
                                           std::vector<Reference>* references) {
  const size_t problems = v->items().size();
  ASSIGN_OR_RETURN(auto campaign, RequireCampaign(ctx, a->campaign(), CampaignNeed::kOpen,
                                                  "activity.campaign", v, references));
  if (!campaign.has_value() || v->items().size() != problems) return absl::OkStatus();
  std::set<std::string> had;
  if (ctx.before != nullptr) {
    for (const std::string& o : ctx.before->organizers()) had.insert(o);
    for (const auto& p : ctx.before->participants()) had.insert(p.organization());
  }
  for (int i = 0; i < a->organizers_size(); ++i) {
    if (had.contains(a->organizers(i))) continue;
    RETURN_IF_ERROR(clients::CheckOrganizationRegistered(
        registry_, a->organizers(i), absl::StrCat("activity.organizers[", i, "]"), v, ctx.call));
  }
  for (int i = 0; i < a->participants_size(); ++i) {
    const std::string& org = a->participants(i).organization();
    if (org.empty() || had.contains(org)) continue;
    RETURN_IF_ERROR(clients::CheckOrganizationRegistered(
        registry_, org, absl::StrCat("activity.participants[", i, "].organization"), v, ctx.call));
  }
  return absl::OkStatus();
}

absl::Status ActivityRules::ExtendPlan(const records::ChangeContext<v1::Activity>& ctx,
                                       const v1::Activity& after, WritePlan* plan) {
  for (TotalChange& change : ReachChanges(ctx.before, after)) {
    plan->totals.push_back(std::move(change));
  }
  return absl::OkStatus();
}

}  // namespace civitas::advocacy
