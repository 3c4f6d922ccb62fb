// A data value as entered: the text a form, an import or the API sends, checked against the
// indicator's value type and written in one canonical form, so that `007`, `+7` and `7` are one
// value (a re-import of the same figures changes nothing) and every export prints it the same.
// DHIS2 sends values as strings too; these are its rules for the four types Civitas has. Pure.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "civitas/monitoring/v1/resources.pb.h"

namespace civitas::monitoring {

// Longest value text accepted (a number's digits, sign and point).
inline constexpr size_t kMaxValueLength = 32;

// The canonical text of `text` as a value of `type`, or INVALID_ARGUMENT saying what a value of
// that type is:
//   INTEGER     an optional sign and 1-15 digits (|n| < 10^15, exact as a double): `-0012` -> `-12`
//   NUMBER      an optional sign, digits, an optional point and digits (at most 15 significant
//               digits, no exponent, below 9 x 10^11 in magnitude so that totals stay exact):
//               `+3.50` -> `3.5`, `.5` -> `0.5`, `-0.0` -> `0`
//   PERCENTAGE  a NUMBER from 0 to 100
//   BOOLEAN     `true` or `false` (any case, as DHIS2 reads them) -> lower case
// Surrounding spaces are not part of a value (refused, as a paste error would be).
absl::StatusOr<std::string> CanonicalValue(v1::ValueType type, absl::string_view text);

// The number a canonical value counts as in totals: itself; a BOOLEAN counts 1 for true and 0
// for false (so a SUM of booleans is how many said yes).
double NumericValue(v1::ValueType type, const std::string& canonical);

}  // namespace civitas::monitoring
