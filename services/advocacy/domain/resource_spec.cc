#include "services/advocacy/domain/resource_spec.h"

#include "civitas/advocacy/v1/planning.pb.h"
#include "civitas/advocacy/v1/resources.pb.h"

namespace civitas::advocacy {

const aip::ResourceSpec& CampaignSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::Campaign::descriptor(), {{"lead_organization", "lead_organization", true, false},
                                   {"state", "state", true, false},
                                   {"territory", "territories", true, false},  // field name
                                   {"funding_grant", "funding_grant", true, false},
                                   {"published", "published", false, false}}));
  return *kSpec;
}

const aip::ResourceSpec& ActivitySpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::Activity::descriptor(), {{"campaign", "campaign", true, false},
                                                         {"kind", "kind", true, false},
                                                         {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& CommitmentSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::Commitment::descriptor(), {{"campaign", "campaign", true, false},
                                     {"state", "state", true, false},
                                     {"organization", "organization", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& PolicyItemSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::PolicyItem::descriptor(),
      {{"campaign", "campaign", true, false}, {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& PlanningCycleSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::PlanningCycle::descriptor(), {{"territory", "territory", true, false},
                                        {"municipality", "municipality", true, false},
                                        {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& NeedSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::Need::descriptor(), {{"cycle", "cycle", true, false},
                                                     {"target_group", "target_group", true, false},
                                                     {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& RoundSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::PrioritisationRound::descriptor(),
                            {{"cycle", "cycle", true, false}, {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& VoteSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::Vote::descriptor(), {{"round", "round", true, false},
                                                     {"need", "need", true, false},
                                                     {"voter", "voter", true, false},
                                                     {"organization", "organization", true, false},
                                                     {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& PlanActionSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::PlanAction::descriptor(),
                            {{"cycle", "cycle", true, false},
                             {"state", "state", true, false},
                             {"responsible_organization", "responsible_organization", true, false},
                             {"grant", "grant", true, false},
                             {"funding_source", "funding_source", true, false}}));
  return *kSpec;
}

}  // namespace civitas::advocacy
