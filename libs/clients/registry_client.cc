#include "libs/clients/registry_client.h"

#include <algorithm>

namespace civitas::clients {

bool TerritoryAncestry::IsWithin(const std::string& ancestor) const {
  return std::find(path.begin(), path.end(), ancestor) != path.end();
}

}  // namespace civitas::clients
