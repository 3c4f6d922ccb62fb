// RFC 3339 UTC timestamps (`2024-05-01T09:30:00.125Z`) written without a time-zone library:
// on the request path (access logs, JSON responses) absl::FormatTime's generality costs more
// than the rest of the line.
#pragma once

#include <cstdint>
#include <string>

namespace civitas {

// Appends `unix_seconds` + `nanos` (0..999999999) as RFC 3339 in UTC. `fraction_digits` is 0, 3,
// 6 or 9, or -1 for the fewest of those that show `nanos` exactly (protobuf's Timestamp JSON).
// Years outside 0000..9999 are clamped to that range's ends.
void AppendUtcTimestamp(int64_t unix_seconds, int32_t nanos, int fraction_digits, std::string* out);

}  // namespace civitas
