// HTTP conditional requests (RFC 9110 section 13) over the resources' etags: If-None-Match on
// reads answers 304, and a stale If-Match is 412 rather than the 409 of a plain conflict.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace civitas::gateway {

// The etag a client sent (`"3"`, `W/"3"` or `3`), without quotes and weakness prefix.
std::string EtagValue(absl::string_view header_value);

// True when an If-None-Match header value (`*`, or a comma-separated list of entity tags)
// matches the current `etag` (weak comparison, as GET and HEAD use).
bool IfNoneMatchMatches(absl::string_view if_none_match, absl::string_view etag);

}  // namespace civitas::gateway
