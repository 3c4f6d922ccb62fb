#include "services/advocacy/app/commitment_rules.h"

#include "libs/clients/registry_checks.h"
#include "libs/common/status_macros.h"
#include "services/advocacy/app/campaign_reads.h"
#include "services/advocacy/domain/commitments.h"
#include "services/advocacy/domain/resource_spec.h"
#include "services/advocacy/domain/state_models.h"

namespace civitas::advocacy {

const aip::ResourceSpec& CommitmentRules::spec() const { return CommitmentSpec(); }

const records::StateModel<v1::Commitment>& CommitmentRules::states() const {
  return CommitmentStates();
}

bool CommitmentRules::CanRead(const records::RuleContext& ctx, const v1::Commitment& c) const {
  return CanReadCampaignOf(ctx, c.campaign());
}

absl::Status CommitmentRules::PrefetchForRead(const records::RuleContext& ctx,
                                              absl::Span<const v1::Commitment> commitments) const {
  std::vector<std::string> campaigns;
  for (const v1::Commitment& c : commitments) campaigns.push_back(c.campaign());
  return PrefetchCampaigns(ctx, campaigns);
}

absl::Status CommitmentRules::Authorize(const records::ChangeContext<v1::Commitment>& ctx,
                                        const v1::Commitment& after) const {
  ASSIGN_OR_RETURN(auto campaign, ReadableCampaign(ctx, after.campaign()));
  // Missing for the caller: LoadReferences refuses it as missing.
  if (!campaign.has_value()) return absl::OkStatus();
  return AuthorizeCommitmentChange(ctx.caller, ctx.change, ctx.before, campaign->record);
}

void CommitmentRules::Validate(const v1::Commitment*, const v1::Commitment& after,
                               Violations* v) const {
  ValidateCommitment(after, absl::ToCivilDay(clock_->Now(), absl::UTCTimeZone()), v);
}

absl::Status CommitmentRules::LoadReferences(const records::ChangeContext<v1::Commitment>& ctx,
                                             v1::Commitment* c, Violations* v,
                                             std::vector<Reference>* references) {
  const bool edit =
      ctx.change == records::Change::kCreate || ctx.change == records::Change::kUpdate;
  RETURN_IF_ERROR(RequireCampaign(ctx, c->campaign(),
                                  edit ? CampaignNeed::kOpen : CampaignNeed::kNotArchived,
                                  "commitment.campaign", v, references)
                      .status());
  if (!c->organization().empty() &&
      (ctx.before == nullptr || ctx.before->organization() != c->organization())) {
    RETURN_IF_ERROR(clients::CheckOrganizationRegistered(registry_, c->organization(),
                                                         "commitment.organization", v, ctx.call));
  }
  return absl::OkStatus();
}

absl::Status CommitmentRules::ExtendPlan(const records::ChangeContext<v1::Commitment>& ctx,
                                         const v1::Commitment& after, WritePlan* plan) {
  if (const int delta = OpenCommitmentsDelta(ctx.before, after); delta != 0) {
    plan->counters.push_back(OpenCommitmentsOf(after.campaign(), delta));
  }
  return absl::OkStatus();
}

}  // namespace civitas::advocacy
