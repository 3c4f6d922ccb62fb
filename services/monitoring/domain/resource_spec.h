// The resource specs of monitoring's records (libs/aip): collection, singular and filterable
// fields of each.
#pragma once

#include "libs/aip/resource_spec.h"

namespace civitas::monitoring {

const aip::ResourceSpec& CategorySpec();
const aip::ResourceSpec& IndicatorSpec();
const aip::ResourceSpec& DataSetSpec();
const aip::ResourceSpec& TargetSpec();
const aip::ResourceSpec& SubmissionSpec();

}  // namespace civitas::monitoring
