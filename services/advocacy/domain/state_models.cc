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

const records::StateModel<v1::PlanningCycle>& PlanningCycleStates() {
  static const records::StateModel<v1::PlanningCycle> kStates{
      v1::CYCLE_ANALYSIS, {v1::CYCLE_ANALYSIS}, v1::CYCLE_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::Need>& NeedStates() {
  static const records::StateModel<v1::Need> kStates{
      v1::NEED_RECORDED, {v1::NEED_RECORDED}, v1::NEED_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::PrioritisationRound>& RoundStates() {
  static const records::StateModel<v1::PrioritisationRound> kStates{
      v1::ROUND_OPEN, {v1::ROUND_OPEN}, v1::ROUND_ARCHIVED};
  return kStates;
}

// Votes are never deleted: a vote taken back is VOTE_WITHDRAWN, and may be cast again.
const records::StateModel<v1::Vote>& VoteStates() {
  static const records::StateModel<v1::Vote> kStates{v1::VOTE_CAST, {v1::VOTE_CAST}, std::nullopt};
  return kStates;
}

const records::StateModel<v1::PlanAction>& PlanActionStates() {
  static const records::StateModel<v1::PlanAction> kStates{
      v1::ACTION_PLANNED, {v1::ACTION_PLANNED}, v1::ACTION_ARCHIVED};
  return kStates;
}

}  // namespace civitas::advocacy
