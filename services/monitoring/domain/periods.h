// DHIS2 periods: the codes ministries' warehouses already use, parsed, checked, and rolled up.
//
//   2024       year                 2024S1    half (S1: January-June, S2: July-December)
//   2024Q1     quarter              202403    month
//   2024W10    ISO 8601 week        20240315  day
//
// Weeks are ISO weeks (Monday to Sunday; week 1 holds the year's first Thursday, so 2020W53 runs
// 2020-12-28 to 2021-01-03 and 2025W1 starts on 2024-12-30). DHIS2 writes weeks without a
// leading zero (`2024W1`); `2024W01` is read too and written back as `2024W1`.
//
// Roll-up goes day -> week -> month -> quarter -> half -> year, and day -> month directly. A week
// that straddles two months (or two years) belongs wholly to the month of its Thursday, as it
// belongs to the ISO year of its Thursday: 2025W1 counts in January 2025, 2020W53 in December
// 2020. Nothing rolls down (a month is not in any one week). Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace civitas::monitoring {

// Finest first: a period rolls up only into a coarser type.
enum class PeriodType { kDay, kWeek, kMonth, kQuarter, kHalf, kYear };

// A period: its type, its DHIS2 code (canonical) and the days it spans, both included.
struct Period {
  PeriodType type = PeriodType::kYear;
  std::string code;
  absl::CivilDay first;
  absl::CivilDay last;

  friend bool operator==(const Period& a, const Period& b) { return a.code == b.code; }
};

// Years 1900..9999: what DHIS2 accepts and a CivilDay holds without surprises.
inline constexpr int kFirstYear = 1900;
inline constexpr int kLastYear = 9999;

// The period `code` names. INVALID_ARGUMENT saying what is wrong (an unknown shape, month 13,
// 2023W53 when 2023 has 52 weeks, 20230229).
absl::StatusOr<Period> ParsePeriod(absl::string_view code);

// The period of `type` that holds `day` (for a week: its ISO week).
Period PeriodOf(PeriodType type, absl::CivilDay day);

// The period of `type` that `p` belongs to: `p` itself for its own type; for a week, the month,
// quarter, half or year of its Thursday. Nothing when `type` is finer than `p`'s, or when `p` is
// a month, quarter or half asked for its week.
std::optional<Period> RollUp(const Period& p, PeriodType type);

// Whether `inner` rolls up into `outer` (a period contains itself).
bool Contains(const Period& outer, const Period& inner);

// The next and previous period of the same type.
Period Following(const Period& p);
Period Preceding(const Period& p);

// The number of ISO weeks of `year`: 53 when it starts on a Thursday, or on a Wednesday in a
// leap year; 52 otherwise.
int IsoWeeksIn(int year);

// `day`, `week`, `month`, `quarter`, `half`, `year`: how the API names a type.
absl::string_view PeriodTypeName(PeriodType type);
std::optional<PeriodType> PeriodTypeNamed(absl::string_view name);

}  // namespace civitas::monitoring
