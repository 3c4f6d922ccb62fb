// Who may read and change registry records. Pure decisions over a Principal and the
// organisations that own a record (a service's provider, a partnership's parties, ...).
//   - anonymous: reads published (non-draft) records; changes nothing.
//   - admin, ministry: read and change everything.
//   - warehouse, reviewer, assessor: read everything; change nothing here.
//   - cso, municipality: read published records and their own drafts; change records their
//     organisation owns, and never hand a record over to another organisation.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "libs/auth/principal.h"

namespace civitas::registry {

bool CanReadRecord(const Principal& p, bool is_draft, const std::vector<std::string>& owners);

// OK, UNAUTHENTICATED (anonymous) or PERMISSION_DENIED naming `what`.
absl::Status AuthorizeStaffOnly(const Principal& p, const std::string& what);

// Staff, or a cso/municipality principal whose organisation is among `owners_after` and (for
// changes of an existing record) `owners_before`.
absl::Status AuthorizeOwnerOrStaff(const Principal& p,
                                   const std::vector<std::string>& owners_before,
                                   const std::vector<std::string>& owners_after,
                                   const std::string& what);

}  // namespace civitas::registry
