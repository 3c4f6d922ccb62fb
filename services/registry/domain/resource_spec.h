// The registry's resources as ResourceSpecs: which fields are filterable, indexed, output only or
// immutable.
#pragma once

#include "libs/aip/resource_spec.h"

namespace civitas::registry {

const aip::ResourceSpec& TerritorySpec();
const aip::ResourceSpec& OrganizationSpec();
const aip::ResourceSpec& SocialServiceSpec();
const aip::ResourceSpec& PartnershipSpec();
const aip::ResourceSpec& NetworkSpec();
const aip::ResourceSpec& TrainingProgrammeSpec();
const aip::ResourceSpec& TrainingEventSpec();

}  // namespace civitas::registry
