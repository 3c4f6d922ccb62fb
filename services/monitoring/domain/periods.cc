#include "services/monitoring/domain/periods.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace civitas::monitoring {
namespace {

// Monday of ISO week 1 of `year`: the Monday on or before January 4.
absl::CivilDay FirstIsoMonday(int year) {
  const absl::CivilDay jan4(year, 1, 4);
  const int from_monday =
      (static_cast<int>(absl::GetWeekday(jan4)) - static_cast<int>(absl::Weekday::monday) + 7) % 7;
  return jan4 - from_monday;
}

absl::CivilDay ThursdayOf(absl::CivilDay day) {
  const int from_monday =
      (static_cast<int>(absl::GetWeekday(day)) - static_cast<int>(absl::Weekday::monday) + 7) % 7;
  return day - from_monday + 3;
}

Period Year(int year) {
  return {PeriodType::kYear, absl::StrCat(year), absl::CivilDay(year, 1, 1),
          absl::CivilDay(year, 12, 31)};
}

Period Half(int year, int half) {
  const int first_month = half == 1 ? 1 : 7;
  return {PeriodType::kHalf, absl::StrCat(year, "S", half), absl::CivilDay(year, first_month, 1),
          absl::CivilDay(absl::CivilMonth(year, first_month + 6)) - 1};
}

Period Quarter(int year, int quarter) {
  const int first_month = (quarter - 1) * 3 + 1;
  return {PeriodType::kQuarter, absl::StrCat(year, "Q", quarter),
          absl::CivilDay(year, first_month, 1),
          absl::CivilDay(absl::CivilMonth(year, first_month + 3)) - 1};
}

Period Month(int year, int month) {
  return {PeriodType::kMonth, absl::StrFormat("%04d%02d", year, month),
          absl::CivilDay(year, month, 1), absl::CivilDay(absl::CivilMonth(year, month + 1)) - 1};
}

Period Week(int iso_year, int week) {
  const absl::CivilDay monday = FirstIsoMonday(iso_year) + (week - 1) * 7;
  return {PeriodType::kWeek, absl::StrCat(iso_year, "W", week), monday, monday + 6};
}

Period Day(absl::CivilDay day) {
  return {PeriodType::kDay,
          absl::StrFormat("%04d%02d%02d", static_cast<int>(day.year()), day.month(), day.day()),
          day, day};
}

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int Number(absl::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

absl::Status Invalid(absl::string_view code, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("period '", code, "': ", why));
}

}  // namespace

int IsoWeeksIn(int year) {
  const absl::Weekday jan1 = absl::GetWeekday(absl::CivilDay(year, 1, 1));
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (jan1 == absl::Weekday::thursday) return 53;
  if (leap && jan1 == absl::Weekday::wednesday) return 53;
  return 52;
}

absl::StatusOr<Period> ParsePeriod(absl::string_view code) {
  constexpr absl::string_view kShapes =
      "not a DHIS2 period; use yyyy, yyyySn, yyyyQn, yyyyMM, yyyyWn or yyyyMMdd";
  if (code.size() < 4 || code.size() > 8 || !AllDigits(code.substr(0, 4))) {
    return Invalid(code, kShapes);
  }
  const int year = Number(code.substr(0, 4));
  if (year < kFirstYear || year > kLastYear) {
    return Invalid(code, absl::StrCat("the year must be ", kFirstYear, " to ", kLastYear));
  }
  const absl::string_view rest = code.substr(4);
  if (rest.empty()) return Year(year);
  if ((rest[0] == 'S' || rest[0] == 'Q' || rest[0] == 'W') && AllDigits(rest.substr(1))) {
    const absl::string_view n_text = rest.substr(1);
    if (n_text.size() > 2) return Invalid(code, kShapes);
    const int n = Number(n_text);
    switch (rest[0]) {
      case 'S':
        if (n_text.size() != 1 || n < 1 || n > 2) return Invalid(code, "a half is S1 or S2");
        return Half(year, n);
      case 'Q':
        if (n_text.size() != 1 || n < 1 || n > 4) return Invalid(code, "a quarter is Q1 to Q4");
        return Quarter(year, n);
      default:
        if (n < 1 || n > IsoWeeksIn(year)) {
          return Invalid(code, absl::StrCat(year, " has ISO weeks W1 to W", IsoWeeksIn(year)));
        }
        return Week(year, n);
    }
  }
  if (!AllDigits(rest) || (rest.size() != 2 && rest.size() != 4)) return Invalid(code, kShapes);
  const int month = Number(rest.substr(0, 2));
  if (month < 1 || month > 12) return Invalid(code, "the month must be 01 to 12");
  if (rest.size() == 2) return Month(year, month);
  const int day = Number(rest.substr(2));
  const absl::CivilDay date(year, month, day);
  if (day < 1 || date.month() != month || date.day() != day) {
    return Invalid(code, absl::StrCat("there is no day ", day, " in that month"));
  }
  return Day(date);
}

Period PeriodOf(PeriodType type, absl::CivilDay day) {
  const int year = static_cast<int>(day.year());
  switch (type) {
    case PeriodType::kDay:
      return Day(day);
    case PeriodType::kWeek: {
      const absl::CivilDay thursday = ThursdayOf(day);
      const int iso_year = static_cast<int>(thursday.year());
      return Week(iso_year, static_cast<int>((thursday - FirstIsoMonday(iso_year)) / 7) + 1);
    }
    case PeriodType::kMonth:
      return Month(year, day.month());
    case PeriodType::kQuarter:
      return Quarter(year, (day.month() - 1) / 3 + 1);
    case PeriodType::kHalf:
      return Half(year, day.month() <= 6 ? 1 : 2);
    case PeriodType::kYear:
      return Year(year);
  }
  return Year(year);
}

std::optional<Period> RollUp(const Period& p, PeriodType type) {
  if (type == p.type) return p;
  if (type < p.type) return std::nullopt;
  // A week by its Thursday, anything else by its first day (it lies wholly inside the coarser
  // period: months, quarters and halves nest in the calendar year).
  if (type == PeriodType::kWeek && p.type != PeriodType::kDay) return std::nullopt;
  const absl::CivilDay anchor = p.type == PeriodType::kWeek ? p.first + 3 : p.first;
  return PeriodOf(type, anchor);
}

bool Contains(const Period& outer, const Period& inner) {
  const std::optional<Period> up = RollUp(inner, outer.type);
  return up.has_value() && *up == outer;
}

Period Following(const Period& p) { return PeriodOf(p.type, p.last + 1); }

Period Preceding(const Period& p) { return PeriodOf(p.type, p.first - 1); }

absl::string_view PeriodTypeName(PeriodType type) {
  switch (type) {
    case PeriodType::kDay:
      return "day";
    case PeriodType::kWeek:
      return "week";
    case PeriodType::kMonth:
      return "month";
    case PeriodType::kQuarter:
      return "quarter";
    case PeriodType::kHalf:
      return "half";
    case PeriodType::kYear:
      return "year";
  }
  return "year";
}

std::optional<PeriodType> PeriodTypeNamed(absl::string_view name) {
  for (PeriodType t : {PeriodType::kDay, PeriodType::kWeek, PeriodType::kMonth,
                       PeriodType::kQuarter, PeriodType::kHalf, PeriodType::kYear}) {
    if (PeriodTypeName(t) == name) return t;
  }
  return std::nullopt;
}

}  // namespace civitas::monitoring
