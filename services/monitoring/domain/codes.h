// Metadata codes: what DHIS2 exports call a category, option, indicator or data set when the id
// scheme is `code`. Pure.
#pragma once

#include <string>

#include "libs/common/field_violations.h"

namespace civitas::monitoring {

// 1 to 50 characters of A-Z, 0-9 and `_`, starting with a letter: `BENEFICIARIES_SERVED`.
bool IsMetadataCode(const std::string& code);

// A violation under `field` unless `code` is a metadata code.
void CheckMetadataCode(const std::string& code, const std::string& field, Violations* v);

}  // namespace civitas::monitoring
