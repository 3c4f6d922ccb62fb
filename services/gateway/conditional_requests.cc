#include "services/gateway/conditional_requests.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace civitas::gateway {

std::string EtagValue(absl::string_view v) {
  absl::string_view s = absl::StripAsciiWhitespace(v);
  absl::ConsumePrefix(&s, "W/");
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return std::string(s);
}

bool IfNoneMatchMatches(absl::string_view if_none_match, absl::string_view etag) {
  if (etag.empty()) return false;
  if (absl::StripAsciiWhitespace(if_none_match) == "*") return true;
  for (absl::string_view tag : absl::StrSplit(if_none_match, ',')) {
    if (EtagValue(tag) == etag) return true;
  }
  return false;
}

}  // namespace civitas::gateway
