// DHIS2 periods without I/O: the examples of DHIS2's documentation ("Date and period format"),
// ISO week 53 and weeks across year ends, leap days, roll-up by a week's Thursday.
#include "services/monitoring/domain/periods.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace civitas::monitoring {
namespace {

using ::testing::HasSubstr;

Period P(absl::string_view code) {
  absl::StatusOr<Period> p = ParsePeriod(code);
  EXPECT_TRUE(p.ok()) << code << ": " << p.status();
  return p.ok() ? *p : Period{};
}

std::string Refusal(absl::string_view code) {
  absl::StatusOr<Period> p = ParsePeriod(code);
  EXPECT_FALSE(p.ok()) << code << " was accepted as " << p->code;
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(p.status().message());
}

TEST(ParsePeriod, DhisDocumentationExamples) {
  struct Example {
    const char* code;
    PeriodType type;
    absl::CivilDay first, last;
  };
  for (const Example& e : {
           Example{"20040315", PeriodType::kDay, absl::CivilDay(2004, 3, 15),
                   absl::CivilDay(2004, 3, 15)},
           Example{"2004W10", PeriodType::kWeek, absl::CivilDay(2004, 3, 1),
                   absl::CivilDay(2004, 3, 7)},
           Example{"200403", PeriodType::kMonth, absl::CivilDay(2004, 3, 1),
                   absl::CivilDay(2004, 3, 31)},
           Example{"2004Q1", PeriodType::kQuarter, absl::CivilDay(2004, 1, 1),
                   absl::CivilDay(2004, 3, 31)},
           Example{"2004S1", PeriodType::kHalf, absl::CivilDay(2004, 1, 1),
                   absl::CivilDay(2004, 6, 30)},
           Example{"2004S2", PeriodType::kHalf, absl::CivilDay(2004, 7, 1),
                   absl::CivilDay(2004, 12, 31)},
           Example{"2004", PeriodType::kYear, absl::CivilDay(2004, 1, 1),
                   absl::CivilDay(2004, 12, 31)},
       }) {
    const Period p = P(e.code);
    EXPECT_EQ(p.type, e.type) << e.code;
    EXPECT_EQ(p.code, e.code);
    EXPECT_EQ(p.first, e.first) << e.code;
    EXPECT_EQ(p.last, e.last) << e.code;
  }
}

TEST(ParsePeriod, IsoWeeksAcrossYearEndsAndWeek53) {
  EXPECT_EQ(IsoWeeksIn(2020), 53) << "a leap year starting on a Wednesday";
  EXPECT_EQ(IsoWeeksIn(2015), 53) << "a year starting on a Thursday";
  EXPECT_EQ(IsoWeeksIn(2021), 52);
  EXPECT_EQ(IsoWeeksIn(2024), 52);
  const Period w53 = P("2020W53");
  EXPECT_EQ(w53.first, absl::CivilDay(2020, 12, 28));
  EXPECT_EQ(w53.last, absl::CivilDay(2021, 1, 3));
  EXPECT_THAT(Refusal("2021W53"), HasSubstr("2021 has ISO weeks W1 to W52"));
  const Period first_2025 = P("2025W1");
  EXPECT_EQ(first_2025.first, absl::CivilDay(2024, 12, 30)) << "week 1 holds the first Thursday";
  EXPECT_EQ(P("2021W1").first, absl::CivilDay(2021, 1, 4)) << "2021-01-01 is in 2020W53";
  EXPECT_EQ(PeriodOf(PeriodType::kWeek, absl::CivilDay(2021, 1, 1)).code, "2020W53");
  EXPECT_EQ(PeriodOf(PeriodType::kWeek, absl::CivilDay(2024, 12, 31)).code, "2025W1");
  EXPECT_EQ(P("2024W01").code, "2024W1") << "DHIS2 writes weeks without a leading zero";
}

TEST(ParsePeriod, LeapDaysAndBadDates) {
  EXPECT_EQ(P("20240229").first, absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(P("20000229").first, absl::CivilDay(2000, 2, 29)) << "divisible by 400";
  EXPECT_THAT(Refusal("20230229"), HasSubstr("no day 29"));
  EXPECT_THAT(Refusal("19000229"), HasSubstr("no day 29")) << "1900 is not a leap year";
  EXPECT_EQ(P("202402").last, absl::CivilDay(2024, 2, 29));
  EXPECT_THAT(Refusal("202413"), HasSubstr("month must be 01 to 12"));
  EXPECT_THAT(Refusal("20240100"), HasSubstr("no day 0"));
  EXPECT_THAT(Refusal("2024Q5"), HasSubstr("Q1 to Q4"));
  EXPECT_THAT(Refusal("2024S3"), HasSubstr("S1 or S2"));
  EXPECT_THAT(Refusal("2024W0"), HasSubstr("ISO weeks"));
  for (const char* bad : {"", "24", "2024M03", "2024-03", "2024w10", "2024Q", "2024W001",
                          "２０２４", "2024 ", "0999", "2024BiW1", "202403151"}) {
    EXPECT_THAT(Refusal(bad), HasSubstr("period '")) << bad;
  }
}

TEST(RollUp, DayToWeekOrMonthThenQuarterHalfYear) {
  const Period day = P("20240315");
  EXPECT_EQ(RollUp(day, PeriodType::kWeek)->code, "2024W11");
  EXPECT_EQ(RollUp(day, PeriodType::kMonth)->code, "202403");
  EXPECT_EQ(RollUp(day, PeriodType::kQuarter)->code, "2024Q1");
  EXPECT_EQ(RollUp(day, PeriodType::kHalf)->code, "2024S1");
  EXPECT_EQ(RollUp(day, PeriodType::kYear)->code, "2024");
  EXPECT_EQ(RollUp(P("202409"), PeriodType::kHalf)->code, "2024S2");
  EXPECT_EQ(RollUp(P("2024Q3"), PeriodType::kYear)->code, "2024");
  EXPECT_FALSE(RollUp(P("202403"), PeriodType::kWeek).has_value()) << "a month is in no one week";
  EXPECT_FALSE(RollUp(P("2024"), PeriodType::kMonth).has_value()) << "nothing rolls down";
  EXPECT_EQ(RollUp(P("2024Q2"), PeriodType::kQuarter)->code, "2024Q2");
}

TEST(RollUp, AWeekBelongsToTheMonthAndYearOfItsThursday) {
  // 2024W5: Monday 29 January to Sunday 4 February, Thursday 1 February.
  EXPECT_EQ(RollUp(P("2024W5"), PeriodType::kMonth)->code, "202402");
  // 2024W9: 26 February to 3 March, Thursday 29 February (a leap day).
  EXPECT_EQ(RollUp(P("2024W9"), PeriodType::kMonth)->code, "202402");
  // Across the year end: 2025W1 (30 December 2024 - 5 January 2025) counts in 2025.
  EXPECT_EQ(RollUp(P("2025W1"), PeriodType::kMonth)->code, "202501");
  EXPECT_EQ(RollUp(P("2025W1"), PeriodType::kYear)->code, "2025");
  EXPECT_EQ(RollUp(P("2020W53"), PeriodType::kMonth)->code, "202012");
  EXPECT_EQ(RollUp(P("2020W53"), PeriodType::kQuarter)->code, "2020Q4");
  // Each week of a year is counted in exactly one month of that year.
  for (int year : {2015, 2020, 2024, 2026}) {
    int counted = 0;
    for (int month = 1; month <= 12; ++month) {
      const Period m = PeriodOf(PeriodType::kMonth, absl::CivilDay(year, month, 1));
      for (int w = 1; w <= IsoWeeksIn(year); ++w) {
        counted += Contains(m, P(absl::StrCat(year, "W", w))) ? 1 : 0;
      }
    }
    EXPECT_EQ(counted, IsoWeeksIn(year)) << year;
  }
}

TEST(Contains, ByRollUpNotByOverlap) {
  EXPECT_TRUE(Contains(P("2024"), P("20241231")));
  EXPECT_TRUE(Contains(P("2024S1"), P("2024Q2")));
  EXPECT_FALSE(Contains(P("2024S1"), P("2024Q3")));
  EXPECT_TRUE(Contains(P("202403"), P("202403")));
  EXPECT_FALSE(Contains(P("2024"), P("2025W1"))) << "it overlaps 2024 but counts in 2025";
  EXPECT_FALSE(Contains(P("202403"), P("2024")));
}

TEST(Sequence, FollowingAndPrecedingKeepTheType) {
  EXPECT_EQ(Following(P("2020W52")).code, "2020W53");
  EXPECT_EQ(Following(P("2020W53")).code, "2021W1");
  EXPECT_EQ(Preceding(P("2021W1")).code, "2020W53");
  EXPECT_EQ(Following(P("202412")).code, "202501");
  EXPECT_EQ(Following(P("2024Q4")).code, "2025Q1");
  EXPECT_EQ(Following(P("2024S2")).code, "2025S1");
  EXPECT_EQ(Following(P("20240228")).code, "20240229");
  EXPECT_EQ(Preceding(P("2024")).code, "2023");
}

TEST(PeriodTypeNames, RoundTrip) {
  for (PeriodType t : {PeriodType::kDay, PeriodType::kWeek, PeriodType::kMonth,
                       PeriodType::kQuarter, PeriodType::kHalf, PeriodType::kYear}) {
    EXPECT_EQ(PeriodTypeNamed(PeriodTypeName(t)), t);
  }
  EXPECT_FALSE(PeriodTypeNamed("fortnight").has_value());
}

}  // namespace
}  // namespace civitas::monitoring
