// Field checks the advocacy records share: web addresses of outputs and evidence, and dates of
// things that have happened.
#pragma once

#include <string>

#include "absl/time/civil_time.h"
#include "libs/common/field_violations.h"

namespace civitas::advocacy {

// Empty, or an `https://` / `http://` address of at most 2,000 characters.
void CheckWebAddress(const std::string& uri, const std::string& field, Violations* v);

// Text that must say something: required, at most `max_len` characters, and not only blanks.
void CheckStatement(const std::string& text, const std::string& field, size_t max_len,
                    Violations* v);

// A `YYYY-MM-DD` date (required or not) not after `today`.
void CheckPastDate(const std::string& date, absl::CivilDay today, const std::string& field,
                   bool required, Violations* v);

}  // namespace civitas::advocacy
