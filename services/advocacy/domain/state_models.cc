#include "services/advocacy/domain/state_models.h"

namespace civitas::advocacy {

const records::StateModel<v1::Campaign>& CampaignStates() {
  static const records::StateModel<v1::Campaign> kStates{
      v1::CAMPAIGN_PLANNED, {v1::CAMPAIGN_PLANNED}, v1::CAMPAIGN_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::Activity>& ActivityStates() {
  static const records::StateModel<v1::Activity> kStates{
      v1::ACTIVITY_RECORDED, {v1::ACTIVITY_RECORDED}, v1::ACTIVITY_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::Commitment>& CommitmentStates() {
  static const records::StateModel<v1::Commitment> kStates{
      v1::COMMITMENT_MADE, {v1::COMMITMENT_MADE}, v1::COMMITMENT_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::PolicyItem>& PolicyItemStates() {
  static const records::StateModel<v1::PolicyItem> kStates{
      v1::POLICY_AGENDA, {v1::POLICY_AGENDA}, v1::POLICY_ARCHIVED};
  return kStates;
}

}  // namespace civitas::advocacy
