#include "services/advocacy/app/policy_pipeline.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/advocacy/app/campaign_reads.h"
#include "services/advocacy/domain/policy_items.h"

namespace civitas::advocacy {

absl::StatusOr<v1::PolicyItem> PolicyPipeline::Advance(const records::Request& r,
                                                       const std::string& name,
                                                       const std::string& etag,
                                                       v1::PolicyStage stage,
                                                       const v1::PolicyStep& step) {
  const records::RuleContext ctx = r.RulesContext(store_);
  ASSIGN_OR_RETURN(auto item, records::ReadNamed<v1::PolicyItem>(ctx.reads, name));
  std::optional<records::StoredRecord<v1::Campaign>> campaign;
  if (item.has_value()) {
    ASSIGN_OR_RETURN(campaign, ReadableCampaign(ctx, item->record.campaign()));
  }
  if (!campaign.has_value()) {
    // Answered as Get answers it: a malformed name, or an item missing for the caller.
    ASSIGN_OR_RETURN(v1::PolicyItem found, items_->Get(r, name));
    return absl::NotFoundError(absl::StrCat(found.name(), " does not exist"));
  }
  if (stage == v1::POLICY_STAGE_UNSPECIFIED || !v1::PolicyStage_IsValid(static_cast<int>(stage)) ||
      stage == v1::POLICY_ARCHIVED || stage == v1::POLICY_AGENDA) {
    Violations v;
    v.Add("stage",
          "is required: POLICY_DRAFTED, POLICY_ADOPTED, POLICY_FUNDED or "
          "POLICY_IMPLEMENTED");
    return v.ToStatus();
  }
  return items_->Apply(
      r, name, etag,
      AdvancePolicyTransition(campaign->record, stage, step, r.caller().subject,
                              absl::ToCivilDay(clock_->Now(), absl::UTCTimeZone())));
}

}  // namespace civitas::advocacy
