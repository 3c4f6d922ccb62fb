// The catalogue of social service types (from the Moldovan and Armenian nomenclatures of
// community-based social services).
#pragma once

#include <vector>

#include "civitas/registry/v1/resources.pb.h"

namespace civitas::registry {

const std::vector<civitas::registry::v1::ServiceType>& ServiceTypeCatalogue();
bool IsKnownServiceType(const std::string& code);

}  // namespace civitas::registry
