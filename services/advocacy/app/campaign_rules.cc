#include "services/advocacy/app/campaign_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/request_fingerprint.h"
#include "libs/common/status_macros.h"
#include "libs/store/document_store.h"
#include "services/advocacy/app/campaign_reads.h"
#include "services/advocacy/domain/activities.h"
#include "services/advocacy/domain/campaigns.h"
#include "services/advocacy/domain/resource_spec.h"
#include "services/advocacy/domain/state_models.h"

namespace civitas::advocacy {

const aip::ResourceSpec& CampaignRules::spec() const { return CampaignSpec(); }

const records::StateModel<v1::Campaign>& CampaignRules::states() const { return CampaignStates(); }

bool CampaignRules::CanRead(const records::RuleContext& ctx, const v1::Campaign& campaign) const {
  return CanReadCampaign(ctx.caller, campaign);
}

absl::Status CampaignRules::CompleteForRead(const records::RuleContext& ctx,
                                            absl::Span<v1::Campaign> campaigns) const {
  if (campaigns.empty()) return absl::OkStatus();
  std::vector<std::string> keys;
  keys.reserve(campaigns.size());
  for (const v1::Campaign& c : campaigns) keys.push_back(ReachTotalsKey(c.name()));
  ASSIGN_OR_RETURN(std::vector<Totals> totals, ctx.reads->GetTotals(keys));
  for (size_t i = 0; i < campaigns.size(); ++i) {
    v1::Campaign& c = campaigns[i];
    *c.mutable_reach() = ReachFromTotals(totals[i]);
    c.set_etag(records::DerivedEtag(records::StoredEtag(c.etag()), DeterministicBytes(c.reach())));
  }
  return absl::OkStatus();
}

absl::Status CampaignRules::Authorize(const records::ChangeContext<v1::Campaign>& ctx,
                                      const v1::Campaign& after) const {
  return AuthorizeCampaignChange(ctx.caller, ctx.change, ctx.before, after);
}

void CampaignRules::Validate(const v1::Campaign*, const v1::Campaign& after, Violations* v) const {
  ValidateCampaign(after, v);
}

absl::Status CampaignRules::LoadReferences(const records::ChangeContext<v1::Campaign>& ctx,
                                           v1::Campaign* c, Violations* v,
                                           std::vector<Reference>*) {
  const v1::Campaign* before = ctx.before;
  if (before == nullptr || before->lead_organization() != c->lead_organization()) {
    RETURN_IF_ERROR(clients::CheckOrganizationRegistered(
        registry_, c->lead_organization(), "campaign.lead_organization", v, ctx.call));
  }
  std::set<std::string> had;
  if (before != nullptr) {
    for (const auto& m : before->coalition()) had.insert(m.organization());
    for (const auto& d : before->decision_makers()) had.insert(d.organization());
    for (const auto& t : before->territories()) had.insert(t);
  }
  for (int i = 0; i < c->coalition_size(); ++i) {
    const std::string& org = c->coalition(i).organization();
    if (had.contains(org)) continue;
    RETURN_IF_ERROR(clients::CheckOrganizationRegistered(
        registry_, org, absl::StrCat("campaign.coalition[", i, "].organization"), v, ctx.call));
  }
  for (int i = 0; i < c->decision_makers_size(); ++i) {
    const std::string& org = c->decision_makers(i).organization();
    if (org.empty() || had.contains(org)) continue;
    RETURN_IF_ERROR(clients::CheckOrganizationRegistered(
        registry_, org, absl::StrCat("campaign.decision_makers[", i, "].organization"), v,
        ctx.call));
  }
  for (int i = 0; i < c->territories_size(); ++i) {
    if (had.contains(c->territories(i))) continue;
    RETURN_IF_ERROR(clients::CheckTerritoryRegistered(
        registry_, c->territories(i), absl::StrCat("campaign.territories[", i, "]"), v, ctx.call));
  }
  const std::string& grant = c->funding_grant();
  if (!grant.empty() && aip::IsNameOf<grants::v1::Grant>(grant) &&
      (before == nullptr || before->funding_grant() != grant)) {
    absl::StatusOr<grants::v1::Grant> found = grants_->GetGrant(ctx.call, grant);
    if (found.status().code() == absl::StatusCode::kNotFound ||
        found.status().code() == absl::StatusCode::kPermissionDenied) {
      v->Add("campaign.funding_grant", absl::StrCat(grant, " is not a grant"));
    } else if (!found.ok()) {
      return found.status();
    }
  }
  return absl::OkStatus();
}

absl::Status CampaignRules::ExtendPlan(const records::ChangeContext<v1::Campaign>& ctx,
                                       const v1::Campaign& after, WritePlan* plan) {
  if (ctx.change == records::Change::kArchive && ctx.before != nullptr &&
      ctx.before->state() != v1::CAMPAIGN_ARCHIVED) {
    CounterChange none = OpenCommitmentsOf(after.name(), 0);
    none.max = 0;
    plan->counters.push_back(std::move(none));
  }
  return absl::OkStatus();
}

}  // namespace civitas::advocacy
