// How each advocacy resource's state enum plays the record lifecycle's parts (libs/records): the
// state a record is created in, the states it may be created in, and Delete's state. A campaign's
// other state changes are the transitions of campaigns.h.
#pragma once

#include "civitas/advocacy/v1/planning.pb.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/records/record.h"

namespace civitas::advocacy {

const records::StateModel<v1::Campaign>& CampaignStates();
const records::StateModel<v1::Activity>& ActivityStates();
const records::StateModel<v1::Commitment>& CommitmentStates();
const records::StateModel<v1::PolicyItem>& PolicyItemStates();
const records::StateModel<v1::PlanningCycle>& PlanningCycleStates();
const records::StateModel<v1::Need>& NeedStates();
const records::StateModel<v1::PrioritisationRound>& RoundStates();
const records::StateModel<v1::Vote>& VoteStates();
const records::StateModel<v1::PlanAction>& PlanActionStates();

}  // namespace civitas::advocacy
