#include "services/monitoring/domain/totals.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/aip/resource_names.h"
#include "services/monitoring/domain/submissions.h"

namespace civitas::monitoring {
namespace {

// Beyond this a figure in ten-thousandths is no longer an exact integer (2^53).
constexpr int64_t kMaxTotalledUnits = 900'000'000'000;

// Fields: `<period>|<combination>|<attribution>|s` (the sum) and `|n` (how many figures); an org
// unit's own figure, for MIN and MAX, `L|<org unit>|<period>|<combination>|<attribution>|v`
// and `|n`.
std::string Field(const v1::Submission& s, const std::string& combination, const char* kind) {
  return absl::StrCat(s.period(), "|", combination, "|", s.attribution(), "|", kind);
}
std::string LeafField(const v1::Submission& s, const std::string& combination, const char* kind) {
  return absl::StrCat("L|", s.org_unit(), "|", s.period(), "|", combination, "|", s.attribution(),
                      "|", kind);
}

using Deltas = std::map<std::pair<std::string, std::string>, int64_t>;

absl::Status Count(const v1::Submission& s, int sign, const std::set<std::string>& min_max,
                   Deltas* deltas) {
  absl::StatusOr<Period> period = ParsePeriod(s.period());
  if (!period.ok()) return period.status();
  const std::string year = RollUp(*period, PeriodType::kYear)->code;
  const std::vector<std::string> counted_in = CountedIn(s);
  for (const v1::DataValue& value : s.values()) {
    absl::StatusOr<int64_t> units = ScaledValue(value.value());
    if (!units.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "values: ", value.indicator(), " ", value.value(), ": ", units.status().message()));
    }
    const std::string combination = CombinationOfStored(value);
    const std::string indicator = aip::IdIn<v1::Indicator>(value.indicator());
    const bool leaves = min_max.contains(value.indicator());
    for (const std::string& org_unit : counted_in) {
      const std::string key = TotalsKey(indicator, org_unit, year);
      (*deltas)[{key, Field(s, combination, "s")}] += sign * *units;
      (*deltas)[{key, Field(s, combination, "n")}] += sign;
      if (leaves) {
        (*deltas)[{key, LeafField(s, combination, "v")}] += sign * *units;
        (*deltas)[{key, LeafField(s, combination, "n")}] += sign;
      }
    }
  }
  return absl::OkStatus();
}

struct Cell {
  int64_t sum = 0;
  int64_t figures = 0;
};

}  // namespace

absl::StatusOr<int64_t> ScaledValue(const std::string& canonical) {
  if (canonical == "true") return kTotalScale;
  if (canonical == "false") return 0;
  absl::string_view text = canonical;
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(text, '.');
  int64_t whole = 0;
  if (!absl::SimpleAtoi(parts.first, &whole) || whole >= kMaxTotalledUnits) {
    return absl::InvalidArgumentError(
        "totals are kept exactly below 900000000000; this figure is beyond them");
  }
  int64_t fraction = 0;
  // Four decimals, the fifth rounding half away from zero.
  std::string digits(parts.second.substr(0, 5));
  digits.resize(5, '0');
  int64_t five = 0;
  if (!absl::SimpleAtoi(digits, &five)) return absl::InvalidArgumentError("not a number");
  fraction = (five + 5) / 10;
  const int64_t units = whole * kTotalScale + fraction;
  return negative ? -units : units;
}

std::string TotalsKey(const std::string& indicator, const std::string& org_unit,
                      const std::string& year) {
  return absl::StrCat(aip::CollectionOf<v1::Indicator>(), "/", indicator, "/", org_unit, "/", year);
}

std::vector<std::string> CountedIn(const v1::Submission& submission) {
  std::vector<std::string> out(submission.org_unit_path().begin(),
                               submission.org_unit_path().end());
  if (std::find(out.begin(), out.end(), submission.org_unit()) == out.end()) {
    out.push_back(submission.org_unit());
  }
  return out;
}

absl::StatusOr<std::vector<TotalChange>> TotalsDelta(const v1::Submission* before,
                                                     const v1::Submission& after,
                                                     const std::set<std::string>& min_max) {
  Deltas deltas;
  if (before != nullptr) {
    if (absl::Status s = Count(*before, -1, min_max, &deltas); !s.ok()) return s;
  }
  if (absl::Status s = Count(after, +1, min_max, &deltas); !s.ok()) return s;
  std::vector<TotalChange> out;
  for (auto& [at, delta] : deltas) {
    if (delta != 0) out.push_back({at.first, at.second, delta});
  }
  return out;
}

TotalsAnswer AnswerFromTotals(v1::Aggregation aggregation, const std::vector<Totals>& hashes,
                              const TotalsQuery& query) {
  // Whether a field's period lies in the asked one, worked out once per period code.
  absl::flat_hash_map<std::string, std::optional<Period>> within;
  auto selected = [&](absl::string_view code) -> const std::optional<Period>& {
    auto [it, added] = within.try_emplace(code);
    if (added) {
      absl::StatusOr<Period> p = ParsePeriod(code);
      if (p.ok()) {
        std::optional<Period> up = RollUp(*p, query.period.type);
        if (up.has_value() && up->code == query.period.code) it->second = *p;
      }
    }
    return it->second;
  };
  auto matches = [&](absl::string_view combination, absl::string_view attribution) {
    if (query.attribution.has_value() && attribution != *query.attribution) return false;
    if (query.options.empty()) return true;
    std::vector<absl::string_view> held = absl::StrSplit(combination, '.');
    for (const std::string& option : query.options) {
      if (std::find(held.begin(), held.end(), option) == held.end()) return false;
    }
    return true;
  };
  const bool leaves = aggregation == v1::MIN || aggregation == v1::MAX;
  std::map<std::string, Cell> by_period;  // period code -> its figures
  absl::flat_hash_map<std::string, Cell> by_leaf;
  for (const Totals& hash : hashes) {
    for (const auto& [field, value] : hash) {
      std::vector<absl::string_view> parts = absl::StrSplit(field, '|');
      const bool leaf = parts.size() == 6 && parts[0] == "L";
      if (leaf != leaves || (!leaf && parts.size() != 4)) continue;
      const size_t p = leaf ? 2 : 0;
      if (!selected(parts[p]).has_value() || !matches(parts[p + 1], parts[p + 2])) continue;
      Cell& cell =
          leaf ? by_leaf[field.substr(0, field.size() - 2)] : by_period[std::string(parts[p])];
      (parts.back() == "n" ? cell.figures : cell.sum) += value;
    }
  }
  TotalsAnswer answer;
  if (leaves) {
    for (const auto& [leaf, cell] : by_leaf) {
      if (cell.figures <= 0) continue;
      const double v = static_cast<double>(cell.sum) / kTotalScale;
      ++answer.figures;
      if (!answer.value.has_value() ||
          (aggregation == v1::MIN ? v < *answer.value : v > *answer.value)) {
        answer.value = v;
      }
    }
    return answer;
  }
  int64_t sum = 0;
  const Period* latest = nullptr;
  const Cell* latest_cell = nullptr;
  for (const auto& [code, cell] : by_period) {
    if (cell.figures <= 0) continue;
    sum += cell.sum;
    answer.figures += cell.figures;
    const Period& period = *within.at(code);
    if (latest == nullptr || period.last > latest->last ||
        (period.last == latest->last && period.first > latest->first)) {
      latest = &period;
      latest_cell = &cell;
    }
  }
  if (answer.figures == 0) return answer;
  switch (aggregation) {
    case v1::AVERAGE:
      answer.value = static_cast<double>(sum) / kTotalScale / answer.figures;
      break;
    case v1::LAST_IN_PERIOD:
      answer.value = static_cast<double>(latest_cell->sum) / kTotalScale;
      answer.figures = latest_cell->figures;
      break;
    default:  // SUM (and an indicator without one)
      answer.value = static_cast<double>(sum) / kTotalScale;
  }
  return answer;
}

}  // namespace civitas::monitoring
