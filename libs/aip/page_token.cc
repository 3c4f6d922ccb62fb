#include "libs/aip/page_token.h"

#include <functional>

#include "absl/hash/hash.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/common/field_violations.h"

namespace civitas::aip {
namespace {

// FNV-1a: stable across processes and builds, unlike absl::Hash.
uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string QueryFingerprint(const std::string& collection, const std::string& filter,
                             const std::string& order_by, bool show_archived) {
  return std::to_string(
      Fnv1a(absl::StrCat(collection, "\n", filter, "\n", order_by, "\n", show_archived)));
}

std::string EncodePageToken(int64_t after_sequence, const std::string& fingerprint) {
  return absl::WebSafeBase64Escape(absl::StrCat("v1:", after_sequence, ":", fingerprint));
}

absl::StatusOr<int64_t> DecodePageToken(const std::string& token, const std::string& fingerprint) {
  if (token.empty()) return 0;
  std::string raw;
  auto bad = InvalidArgumentError({{"page_token", "is not a token this API issued"}});
  if (!absl::WebSafeBase64Unescape(token, &raw)) return bad;
  std::vector<std::string> parts = absl::StrSplit(raw, ':');
  int64_t seq = 0;
  if (parts.size() != 3 || parts[0] != "v1" || !absl::SimpleAtoi(parts[1], &seq) || seq <= 0) {
    return bad;
  }
  if (parts[2] != fingerprint) {
    return InvalidArgumentError(
        {{"page_token", "was issued for a different filter, order_by or show_archived"}});
  }
  return seq;
}

}  // namespace civitas::aip
