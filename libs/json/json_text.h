// JSON text of single values as proto3 JSON spells them, shared by the writer that walks a parsed
// message and the one that reads wire bytes: the two must agree byte for byte.
#pragma once

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace civitas::json {

// Appends `s` as a JSON string with protobuf's escaping (controls, quote, backslash, '<', '>',
// and the format and separator characters some JavaScript parsers treat specially). Invalid
// UTF-8 is dropped, as protobuf's printer does; returns false when there was some.
bool AppendQuoted(absl::string_view s, std::string* out);

// The shortest of %.15g / %.17g that reads back to the same value; NaN and the infinities as
// the strings proto3 JSON uses.
void AppendDouble(double v, std::string* out);
// The same with %.6g / %.9g.
void AppendFloat(float v, std::string* out);

// `nanos` (0 to 999,999,999) as 0, 3, 6 or 9 fractional digits with their point.
void AppendNanos(int32_t nanos, std::string* out);

}  // namespace civitas::json
