// Who may do what with monitoring's metadata: anyone reads categories, indicators and data sets
// (forms and warehouses are built against them); the ministry and admins define them. Pure.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "libs/auth/principal.h"
#include "libs/records/record.h"

namespace civitas::monitoring {

// The ministry (role `ministry`) or an admin.
bool DefinesMetadata(const Principal& p);

// A create, update or archive of a category, indicator or data set (`what`, e.g. "defining
// indicators"): UNAUTHENTICATED without a token, PERMISSION_DENIED for anyone but the ministry
// and admins.
absl::Status AuthorizeMetadataChange(const Principal& p, records::Change change,
                                     const std::string& what);

}  // namespace civitas::monitoring
