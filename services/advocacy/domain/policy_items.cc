#include "services/advocacy/domain/policy_items.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "services/advocacy/domain/campaigns.h"
#include "services/advocacy/domain/record_checks.h"

namespace civitas::advocacy {
namespace {

constexpr size_t kMaxPolicyTitleLength = 300;
constexpr size_t kMaxPolicyDescriptionLength = 2000;
constexpr size_t kMaxPolicySourceLength = 500;

}  // namespace

void ValidatePolicyStep(const v1::PolicyStep& step, absl::CivilDay today, const std::string& field,
                        Violations* v) {
  CheckPastDate(step.date(), today, field + ".date", true, v);
  CheckStatement(step.source(), field + ".source", kMaxPolicySourceLength, v);
  CheckWebAddress(step.uri(), field + ".uri", v);
}

void ValidatePolicyItem(const v1::PolicyItem& item, absl::CivilDay today, Violations* v) {
  aip::CheckNameOf<v1::Campaign>(item.campaign(), "policy_item.campaign", true, v);
  aip::CheckLocalizedText(item.title(), "policy_item.title", true, kMaxPolicyTitleLength, v);
  aip::CheckLocalizedText(item.description(), "policy_item.description", false,
                          kMaxPolicyDescriptionLength, v);
  ValidatePolicyStep(item.agenda(), today, "policy_item.agenda", v);
}

absl::Status AuthorizePolicyItemChange(const Principal& p, records::Change change,
                                       const v1::Campaign& campaign) {
  if (change == records::Change::kArchive) return AuthorizeCampaignSteering(p, campaign);
  return AuthorizeActivityRecording(p, campaign, "record its policy items");
}

void StartPipeline(const std::string& actor, v1::PolicyItem* item) {
  item->mutable_agenda()->set_stage(v1::POLICY_AGENDA);
  item->mutable_agenda()->set_actor(actor);
  item->clear_steps();
  *item->add_steps() = item->agenda();
}

v1::PolicyStage NextStage(v1::PolicyStage stage) {
  switch (stage) {
    case v1::POLICY_AGENDA:
      return v1::POLICY_DRAFTED;
    case v1::POLICY_DRAFTED:
      return v1::POLICY_ADOPTED;
    case v1::POLICY_ADOPTED:
      return v1::POLICY_FUNDED;
    case v1::POLICY_FUNDED:
      return v1::POLICY_IMPLEMENTED;
    default:
      return v1::POLICY_STAGE_UNSPECIFIED;
  }
}

records::Transition<v1::PolicyItem> AdvancePolicyTransition(const v1::Campaign& campaign,
                                                            v1::PolicyStage stage,
                                                            const v1::PolicyStep& step,
                                                            const std::string& actor,
                                                            absl::CivilDay today) {
  records::Transition<v1::PolicyItem> t;
  t.event = "advanced";
  t.from = {v1::POLICY_AGENDA, v1::POLICY_DRAFTED, v1::POLICY_ADOPTED, v1::POLICY_FUNDED};
  if (v1::PolicyStage_IsValid(static_cast<int>(stage)) && stage != v1::POLICY_STAGE_UNSPECIFIED &&
      stage != v1::POLICY_ARCHIVED) {
    t.to = stage;
  }
  t.authorize = [campaign](const Principal& p, const v1::PolicyItem&) {
    return AuthorizeActivityRecording(p, campaign, "record its policy items");
  };
  t.effect = [=](v1::PolicyItem& item) -> absl::Status {
    const v1::PolicyStage next = NextStage(item.state());
    if (stage != next) {
      return absl::FailedPreconditionError(
          absl::StrCat(item.name(), " is at ", v1::PolicyStage_Name(item.state()),
                       "; the next stage is ", v1::PolicyStage_Name(next), ", not ",
                       v1::PolicyStage_IsValid(static_cast<int>(stage))
                           ? v1::PolicyStage_Name(stage)
                           : absl::StrCat(static_cast<int>(stage))));
    }
    Violations v;
    ValidatePolicyStep(step, today, "step", &v);
    if (!item.steps().empty() && step.date() < item.steps().rbegin()->date() &&
        aip::IsValidDate(step.date())) {
      v.Add("step.date",
            absl::StrCat("is before the last step's date (", item.steps().rbegin()->date(), ")"));
    }
    if (!v.empty()) return v.ToStatus();
    v1::PolicyStep& added = *item.add_steps();
    added = step;
    added.set_stage(stage);
    added.set_actor(actor);
    return absl::OkStatus();
  };
  return t;
}

}  // namespace civitas::advocacy
