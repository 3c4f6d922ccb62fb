// The grants resources' specs for libs/records and libs/aip: collection, names, filter fields.
#pragma once

#include "libs/aip/resource_spec.h"

namespace civitas::grants {

const aip::ResourceSpec& ProgrammeSpec();
const aip::ResourceSpec& CallSpec();
const aip::ResourceSpec& ApplicationSpec();
const aip::ResourceSpec& ReviewSpec();
const aip::ResourceSpec& GrantSpec();
const aip::ResourceSpec& ReportSpec();
const aip::ResourceSpec& VoucherSchemeSpec();
const aip::ResourceSpec& VoucherSpec();

}  // namespace civitas::grants
