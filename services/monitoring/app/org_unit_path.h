// Where an org unit lies, as the registry says now: for entry (the path a submission records)
// and for analytics (whether a municipality may read an org unit).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/clients/registry_client.h"

namespace civitas::monitoring {

// The territories `org_unit` lies in, country first (a territory: its own path, itself last; an
// organisation: that of its first territory). INVALID_ARGUMENT naming `org_unit` when the
// registry does not know it.
absl::StatusOr<std::vector<std::string>> OrgUnitPath(clients::RegistryClient* registry,
                                                     const std::string& org_unit,
                                                     const clients::CallContext& ctx);

}  // namespace civitas::monitoring
