// The advocacy resources' specs (libs/aip): collection, filterable and indexed fields.
#pragma once

#include "libs/aip/resource_spec.h"

namespace civitas::advocacy {

const aip::ResourceSpec& CampaignSpec();
const aip::ResourceSpec& ActivitySpec();
const aip::ResourceSpec& CommitmentSpec();
const aip::ResourceSpec& PolicyItemSpec();

}  // namespace civitas::advocacy
