#include "libs/common/utc_timestamp.h"

#include <gtest/gtest.h>

#include <random>

#include "absl/time/time.h"

namespace civitas {
namespace {

std::string Format(int64_t seconds, int32_t nanos, int digits) {
  std::string out;
  AppendUtcTimestamp(seconds, nanos, digits, &out);
  return out;
}

TEST(UtcTimestampTest, AgreesWithAbslAcrossTheRange) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const int64_t seconds =
        static_cast<int64_t>(rng() % 315537897600ULL) - 62135596800LL;  // years 1..9999
    const absl::Time t = absl::FromUnixSeconds(seconds);
    ASSERT_EQ(Format(seconds, 0, 0),
              absl::FormatTime("%4Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone()))
        << seconds;
  }
}

TEST(UtcTimestampTest, Fractions) {
  EXPECT_EQ(Format(0, 0, -1), "1970-01-01T00:00:00Z");
  EXPECT_EQ(Format(1700000000, 120000000, -1), "2023-11-14T22:13:20.120Z");
  EXPECT_EQ(Format(1700000000, 123456000, -1), "2023-11-14T22:13:20.123456Z");
  EXPECT_EQ(Format(1700000000, 7, -1), "2023-11-14T22:13:20.000000007Z");
  EXPECT_EQ(Format(1700000000, 987654321, 3), "2023-11-14T22:13:20.987Z");
  EXPECT_EQ(Format(-1, 0, 0), "1969-12-31T23:59:59Z");
  EXPECT_EQ(Format(951782400, 0, 0), "2000-02-29T00:00:00Z");
}

}  // namespace
}  // namespace civitas
