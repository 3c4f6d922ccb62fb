// The advocacy resources' specs (libs/aip): collection, filterable and indexed fields.
#pragma once

#include "libs/aip/resource_spec.h"

namespace civitas::advocacy {

const aip::ResourceSpec& CampaignSpec();
const aip::ResourceSpec& ActivitySpec();
const aip::ResourceSpec& CommitmentSpec();
const aip::ResourceSpec& PolicyItemSpec();
const aip::ResourceSpec& PlanningCycleSpec();
const aip::ResourceSpec& NeedSpec();
const aip::ResourceSpec& RoundSpec();
const aip::ResourceSpec& VoteSpec();
const aip::ResourceSpec& PlanActionSpec();

}  // namespace civitas::advocacy
