// Calendar dates as the services read and write them: `YYYY-MM-DD` only, and month arithmetic.
#include "libs/common/calendar.h"

#include <gtest/gtest.h>

namespace civitas {
namespace {

TEST(ParseDay, OnlyRealDatesWrittenYYYYMMDD) {
  absl::CivilDay d;
  EXPECT_TRUE(ParseDay("2026-11-23", &d));
  EXPECT_EQ(d, absl::CivilDay(2026, 11, 23));
  for (const char* bad : {"2026-02-30", "2026-2-3", "99999-01-01", "-0001-01-01", "2026-11-23T00",
                          "", "23.11.2026"}) {
    EXPECT_FALSE(ParseDay(bad, &d)) << bad;
  }
}

TEST(Timestamps, RoundTripFromYearOneTo9999) {
  // Beyond 2262 nanoseconds since 1970 no longer fit an int64: times there must not wrap around.
  for (absl::Time t : {absl::FromCivil(absl::CivilSecond(2999, 1, 1, 0, 0, 0), absl::UTCTimeZone()),
                       absl::FromCivil(absl::CivilSecond(1, 1, 1, 0, 0, 0), absl::UTCTimeZone()),
                       absl::FromUnixNanos(-1), absl::FromUnixNanos(1'700'000'000'123'456'789)}) {
    google::protobuf::Timestamp ts = ToTimestamp(t);
    EXPECT_GE(ts.nanos(), 0);
    EXPECT_LT(ts.nanos(), 1'000'000'000);
    EXPECT_EQ(FromTimestamp(ts), t);
  }
  EXPECT_EQ(ToTimestamp(absl::FromUnixNanos(-1)).seconds(), -1);
  EXPECT_GT(FromTimestamp(ToTimestamp(
                absl::FromCivil(absl::CivilSecond(2999, 1, 1, 0, 0, 0), absl::UTCTimeZone()))),
            absl::Now());
}

TEST(AddMonths, ClampsTheDayToTheMonthsLength) {
  EXPECT_EQ(AddMonths(absl::CivilDay(2026, 1, 31), 1), absl::CivilDay(2026, 2, 28));
  EXPECT_EQ(AddMonths(absl::CivilDay(2028, 2, 29), 12), absl::CivilDay(2029, 2, 28));
  EXPECT_EQ(AddMonths(absl::CivilDay(2026, 3, 15), 60), absl::CivilDay(2031, 3, 15));
  EXPECT_EQ(AddMonths(absl::CivilDay(2026, 12, 31), 2), absl::CivilDay(2027, 2, 28));
}

}  // namespace
}  // namespace civitas
