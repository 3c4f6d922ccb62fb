// The accreditation resources' specs (libs/aip): collection, filterable and indexed fields.
#pragma once

#include "libs/aip/resource_spec.h"

namespace civitas::accreditation {

const aip::ResourceSpec& CountryPolicySpec();
const aip::ResourceSpec& StandardSpec();
const aip::ResourceSpec& CaseSpec();
const aip::ResourceSpec& CertificateSpec();

}  // namespace civitas::accreditation
