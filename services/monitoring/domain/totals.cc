#include "services/monitoring/domain/totals.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "libs/aip/resource_names.h"
#include "libs/common/exact_integer.h"
#include "services/monitoring/domain/submissions.h"

namespace civitas::monitoring {
namespace {

// Fields: `<period>|<combination>|<attribution>|s` (the sum) and `|n` (how many figures); an org
// unit's own figure, for MIN and MAX, `L|<data set>|<org unit>|<period>|<combination>|
// <attribution>|v` and `|n` (by data set: two forms may hold the same indicator's figure). The
// figures of accepted submissions count a second time in the same fields behind `A|` (the
// published totals): accepting adds them, unaccepting takes them back out, and in between no
// figure of the submission can change (the lock).
constexpr absl::string_view kAcceptedPrefix = "A|";

std::string Field(absl::string_view prefix, absl::string_view period, const v1::Submission& s,
                  const std::string& combination, const char* kind) {
  return absl::StrCat(prefix, period, "|", combination, "|", s.attribution(), "|", kind);
}
std::string LeafField(absl::string_view prefix, const v1::Submission& s,
                      const std::string& combination, const char* kind) {
  return absl::StrCat(prefix, "L|", aip::IdIn<v1::DataSet>(s.data_set()), "|", s.org_unit(), "|",
                      s.period(), "|", combination, "|", s.attribution(), "|", kind);
}

using Deltas = std::map<std::pair<std::string, std::string>, int64_t>;

void Count(const v1::Submission& s, int sign,
           const std::map<std::string, TotalledIndicator>& indicators, Deltas* deltas) {
  absl::StatusOr<Period> period = ParsePeriod(s.period());
  if (!period.ok()) return;  // a stored submission's period is valid
  const std::string year = RollUp(*period, PeriodType::kYear)->code;
  const bool fine = IsFinePeriod(period->type);
  // A day's or week's figures are counted again in their month, in the year's first hash.
  const std::string month = fine ? RollUp(*period, PeriodType::kMonth)->code : "";
  const std::vector<std::string> counted_in = CountedIn(s);
  std::vector<absl::string_view> prefixes = {""};
  if (s.state() == v1::SUBMISSION_ACCEPTED) prefixes.push_back(kAcceptedPrefix);
  for (const v1::DataValue& value : s.values()) {
    auto facts = indicators.find(value.indicator());
    if (facts == indicators.end()) continue;
    absl::StatusOr<int64_t> units = ScaledValue(value.value(), facts->second.scale);
    if (!units.ok()) continue;
    const std::string combination = CombinationOfStored(value);
    const std::string indicator = aip::IdIn<v1::Indicator>(value.indicator());
    for (const std::string& org_unit : counted_in) {
      const std::string key = TotalsKey(indicator, org_unit, year);
      const std::string own = fine ? FineTotalsKey(indicator, org_unit, year) : key;
      for (absl::string_view prefix : prefixes) {
        (*deltas)[{own, Field(prefix, s.period(), s, combination, "s")}] += sign * *units;
        (*deltas)[{own, Field(prefix, s.period(), s, combination, "n")}] += sign;
        if (fine) {
          (*deltas)[{key, Field(prefix, month, s, combination, "s")}] += sign * *units;
          (*deltas)[{key, Field(prefix, month, s, combination, "n")}] += sign;
        }
        if (facts->second.keeps_leaves) {
          (*deltas)[{own, LeafField(prefix, s, combination, "v")}] += sign * *units;
          (*deltas)[{own, LeafField(prefix, s, combination, "n")}] += sign;
        }
      }
    }
  }
}

struct Cell {
  int64_t sum = 0;
  int64_t figures = 0;
};

}  // namespace

int64_t TotalScale(v1::ValueType type) {
  return type == v1::NUMBER || type == v1::PERCENTAGE ? 10000 : 1;
}

TotalledIndicator TotalledOf(const v1::Indicator& indicator) {
  return {TotalScale(indicator.value_type()), indicator.aggregation() == v1::MIN ||
                                                  indicator.aggregation() == v1::MAX ||
                                                  indicator.aggregation() == v1::LAST_IN_PERIOD};
}

absl::StatusOr<int64_t> ScaledValue(const std::string& canonical, int64_t scale) {
  if (canonical == "true") return scale;
  if (canonical == "false") return 0;
  absl::string_view text = canonical;
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(text, '.');
  int64_t whole = 0;
  if (!absl::SimpleAtoi(parts.first.empty() ? "0" : parts.first, &whole) ||
      whole > (kMaxExactInteger - scale) / scale) {
    return absl::InvalidArgumentError("beyond what totals keep exactly");
  }
  // The decimals `scale` keeps (10000: four), the next one rounding half away from zero.
  int64_t fraction = 0;
  if (scale > 1) {
    std::string digits(parts.second.substr(0, 5));
    digits.resize(5, '0');
    int64_t five = 0;
    if (!absl::SimpleAtoi(digits, &five)) return absl::InvalidArgumentError("not a number");
    fraction = (five + 5) / 10;
  }
  const int64_t units = whole * scale + fraction;
  return negative ? -units : units;
}

std::string TotalsKey(const std::string& indicator, const std::string& org_unit,
                      const std::string& year) {
  return absl::StrCat(aip::CollectionOf<v1::Indicator>(), "/", indicator, "/", org_unit, "/", year);
}

std::string FineTotalsKey(const std::string& indicator, const std::string& org_unit,
                          const std::string& year) {
  return absl::StrCat(TotalsKey(indicator, org_unit, year), "/fine");
}

bool IsFinePeriod(PeriodType type) { return type < PeriodType::kMonth; }

std::vector<std::string> CountedIn(const v1::Submission& submission) {
  std::vector<std::string> out(submission.org_unit_path().begin(),
                               submission.org_unit_path().end());
  if (std::find(out.begin(), out.end(), submission.org_unit()) == out.end()) {
    out.push_back(submission.org_unit());
  }
  return out;
}

std::vector<TotalChange> TotalsDelta(const v1::Submission* before, const v1::Submission& after,
                                     const std::map<std::string, TotalledIndicator>& indicators) {
  Deltas deltas;
  if (before != nullptr) Count(*before, -1, indicators, &deltas);
  Count(after, +1, indicators, &deltas);
  std::vector<TotalChange> out;
  for (auto& [at, delta] : deltas) {
    if (delta != 0) out.push_back({at.first, at.second, delta});
  }
  return out;
}

TotalsAnswer AnswerFromTotals(const v1::Indicator& indicator,
                              const std::vector<const Totals*>& hashes, const TotalsQuery& query) {
  const v1::Aggregation aggregation = indicator.aggregation();
  const double scale = static_cast<double>(TotalScale(indicator.value_type()));
  // A hash of a region's daily figures holds thousands of fields: each is read without
  // allocating, and what its period code means is worked out once per code.
  absl::flat_hash_map<std::string, std::optional<Period>> within;
  auto selected = [&](absl::string_view code) -> const std::optional<Period>* {
    auto it = within.find(code);
    if (it == within.end()) {
      std::optional<Period> in;
      absl::StatusOr<Period> p = ParsePeriod(code);
      if (p.ok()) {
        std::optional<Period> up = RollUp(*p, query.period.type);
        if (up.has_value() && up->code == query.period.code) in = *p;
      }
      it = within.emplace(std::string(code), std::move(in)).first;
    }
    return &it->second;
  };
  auto holds = [](absl::string_view combination, absl::string_view option) {
    for (size_t at = combination.find(option); at != absl::string_view::npos;
         at = combination.find(option, at + 1)) {
      const size_t end = at + option.size();
      if ((at == 0 || combination[at - 1] == '.') &&
          (end == combination.size() || combination[end] == '.')) {
        return true;
      }
    }
    return false;
  };
  auto matches = [&](absl::string_view combination, absl::string_view attribution) {
    if (query.attribution.has_value() && attribution != *query.attribution) return false;
    for (const std::string& option : query.options) {
      if (!holds(combination, option)) return false;
    }
    return true;
  };
  const bool leaves =
      aggregation == v1::MIN || aggregation == v1::MAX || aggregation == v1::LAST_IN_PERIOD;
  absl::flat_hash_map<std::string, Cell> by_period;  // period code -> its figures
  absl::flat_hash_map<std::string, Cell> by_leaf;
  absl::string_view parts[8];
  for (const Totals* hash : hashes) {
    for (const auto& [stored, value] : *hash) {
      absl::string_view field = stored;
      if (absl::ConsumePrefix(&field, kAcceptedPrefix) != query.accepted_only) continue;
      size_t n = 0;
      absl::string_view rest = field;
      for (size_t bar; n < 7 && (bar = rest.find('|')) != absl::string_view::npos; ++n) {
        parts[n] = rest.substr(0, bar);
        rest.remove_prefix(bar + 1);
      }
      parts[n++] = rest;
      // Targets' fields (`T|...`, targets.h) have four parts too: `T` is no period, so they are
      // never selected below.
      const bool leaf = n == 7 && parts[0] == "L";
      if (leaf != leaves || (!leaf && n != 4)) continue;
      const size_t p = leaf ? 3 : 0;
      if (!selected(parts[p])->has_value() || !matches(parts[p + 1], parts[p + 2])) continue;
      const absl::string_view cell_key = leaf ? field.substr(0, field.size() - 2) : parts[p];
      auto& cells = leaf ? by_leaf : by_period;
      auto it = cells.find(cell_key);
      if (it == cells.end()) it = cells.emplace(std::string(cell_key), Cell{}).first;
      (parts[n - 1] == "n" ? it->second.figures : it->second.sum) += value;
    }
  }
  TotalsAnswer answer;
  if (aggregation == v1::LAST_IN_PERIOD) {
    // Each org unit's own last figure (per form, option combination and attribution), added
    // up: a stock reported by several org units is, for a quarter, the sum of each one's latest
    // month, whenever each last reported. A leaf is `L|<data set>|<org unit>|<period>|
    // <combination>|<attribution>`.
    struct Latest {
      absl::CivilDay ends;
      Cell cell;
    };
    absl::flat_hash_map<std::string, Latest> by_series;
    for (const auto& [leaf, cell] : by_leaf) {
      if (cell.figures <= 0) continue;
      std::vector<absl::string_view> p = absl::StrSplit(leaf, '|');
      if (p.size() != 6) continue;
      const absl::CivilDay ends = within.at(p[3])->last;
      Latest& latest = by_series[absl::StrCat(p[1], "|", p[2], "|", p[4], "|", p[5])];
      if (latest.cell.figures == 0 || ends > latest.ends) {
        latest = {ends, cell};
      } else if (ends == latest.ends) {
        latest.cell.sum += cell.sum;
        latest.cell.figures += cell.figures;
      }
    }
    int64_t sum = 0;
    for (const auto& [series, latest] : by_series) {
      sum += latest.cell.sum;
      answer.figures += latest.cell.figures;
    }
    if (answer.figures > 0) answer.value = static_cast<double>(sum) / scale;
    return answer;
  }
  if (leaves) {
    for (const auto& [leaf, cell] : by_leaf) {
      if (cell.figures <= 0) continue;
      const double v = static_cast<double>(cell.sum) / scale;
      ++answer.figures;
      if (!answer.value.has_value() ||
          (aggregation == v1::MIN ? v < *answer.value : v > *answer.value)) {
        answer.value = v;
      }
    }
    return answer;
  }
  // Every cell counts, even one whose own count is not positive: a store written before days
  // had a hash of their own keeps a day's figure as a day field of the year's hash, and a later
  // edit or deletion of it moves its month field there (a deleted figure: -5 of -1 figures beside
  // the day's 5 of 1). Together they are right; either alone is not.
  int64_t sum = 0;
  for (const auto& [code, cell] : by_period) {
    sum += cell.sum;
    answer.figures += cell.figures;
  }
  if (answer.figures <= 0) return {};
  answer.value = aggregation == v1::AVERAGE
                     ? static_cast<double>(sum) / scale / answer.figures
                     : static_cast<double>(sum) / scale;  // SUM (and an indicator without one)
  return answer;
}

}  // namespace civitas::monitoring
