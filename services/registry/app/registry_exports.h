// What the registry's exports and catalogue answer, for its api/: the organisation CSV a page at
// a time, and the service type catalogue. The formats and the catalogue themselves are domain/
// rules (organization_csv, service_catalogue).
#pragma once

#include <string>
#include <vector>

#include "civitas/registry/v1/resources.pb.h"

namespace civitas::registry {

// The CSV bytes of one page of organisations; the header row leads the first page.
std::string OrganizationCsvPage(const std::vector<v1::Organization>& page, bool first);

// The service types every registry knows, in the catalogue's order.
const std::vector<v1::ServiceType>& ServiceTypes();

}  // namespace civitas::registry
