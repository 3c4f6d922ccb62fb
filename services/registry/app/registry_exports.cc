#include "services/registry/app/registry_exports.h"

#include "services/registry/domain/organization_csv.h"
#include "services/registry/domain/service_catalogue.h"

namespace civitas::registry {

std::string OrganizationCsvPage(const std::vector<v1::Organization>& page, bool first) {
  std::string data = first ? OrganizationCsvHeader() : "";
  for (const v1::Organization& o : page) AppendOrganizationCsvRow(o, &data);
  return data;
}

const std::vector<v1::ServiceType>& ServiceTypes() { return ServiceTypeCatalogue(); }

}  // namespace civitas::registry
