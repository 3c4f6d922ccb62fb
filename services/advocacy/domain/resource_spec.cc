#include "services/advocacy/domain/resource_spec.h"

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

}  // namespace civitas::advocacy
