#include "services/monitoring/domain/values.h"

#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace civitas::monitoring {
namespace {

// Splits `text` into sign, integer digits and fraction digits; false when it is not
// [+-]digits[.digits] or [+-].digits.
bool SplitDecimal(absl::string_view text, bool* negative, std::string* whole, std::string* fraction,
                  bool allow_fraction) {
  *negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    *negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const size_t point = text.find('.');
  absl::string_view w = text.substr(0, point);
  absl::string_view f = point == absl::string_view::npos ? "" : text.substr(point + 1);
  if (point != absl::string_view::npos && (!allow_fraction || f.empty())) return false;
  if (w.empty() && f.empty()) return false;
  for (char c : w) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  for (char c : f) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  const size_t lead = w.find_first_not_of('0');
  *whole = lead == absl::string_view::npos ? "" : std::string(w.substr(lead));
  const size_t trail = f.find_last_not_of('0');
  *fraction = trail == absl::string_view::npos ? "" : std::string(f.substr(0, trail + 1));
  return true;
}

// Digits from the first non-zero one on: `0.000125` has 3.
size_t SignificantDigits(const std::string& whole, const std::string& fraction) {
  if (!whole.empty()) return whole.size() + fraction.size();
  const size_t first = fraction.find_first_not_of('0');
  return first == std::string::npos ? 0 : fraction.size() - first;
}

std::string Join(bool negative, const std::string& whole, const std::string& fraction) {
  if (whole.empty() && fraction.empty()) return "0";  // -0, 0.000
  return absl::StrCat(negative ? "-" : "", whole.empty() ? "0" : whole, fraction.empty() ? "" : ".",
                      fraction);
}

absl::Status Refused(absl::string_view text, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not ", what));
}

}  // namespace

absl::StatusOr<std::string> CanonicalValue(v1::ValueType type, absl::string_view text) {
  if (text.empty()) return absl::InvalidArgumentError("a value is required");
  if (text.size() > kMaxValueLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("a value is at most ", kMaxValueLength, " characters"));
  }
  bool negative = false;
  std::string whole, fraction;
  switch (type) {
    case v1::INTEGER:
      if (!SplitDecimal(text, &negative, &whole, &fraction, /*allow_fraction=*/false) ||
          whole.size() > 15) {
        return Refused(text, "a whole number (at most 15 digits, e.g. 42)");
      }
      return Join(negative, whole, fraction);
    case v1::NUMBER:
    case v1::PERCENTAGE: {
      // Below 9 x 10^11: totals keep NUMBERs in ten-thousandths, exact below 2^53 (totals.h).
      if (!SplitDecimal(text, &negative, &whole, &fraction, /*allow_fraction=*/true) ||
          SignificantDigits(whole, fraction) > 15 || whole.size() > 12 ||
          (whole.size() == 12 && whole >= "900000000000")) {
        return Refused(text,
                       "a number (at most 15 significant digits, below 900000000000, e.g. 12.5)");
      }
      std::string canonical = Join(negative, whole, fraction);
      if (type == v1::PERCENTAGE) {
        double share = 0;
        if (!absl::SimpleAtod(canonical, &share) || share < 0 || share > 100) {
          return Refused(text, "a percentage from 0 to 100");
        }
      }
      return canonical;
    }
    case v1::BOOLEAN: {
      const std::string lower = absl::AsciiStrToLower(text);
      if (lower != "true" && lower != "false") return Refused(text, "true or false");
      return lower;
    }
    default:
      return absl::InvalidArgumentError("the indicator has no value type");
  }
}

double NumericValue(v1::ValueType type, const std::string& canonical) {
  if (type == v1::BOOLEAN) return canonical == "true" ? 1 : 0;
  double n = 0;
  return absl::SimpleAtod(canonical, &n) ? n : 0;
}

}  // namespace civitas::monitoring
