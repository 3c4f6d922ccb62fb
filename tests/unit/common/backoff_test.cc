#include "libs/common/backoff.h"

#include <gtest/gtest.h>

namespace civitas {
namespace {

TEST(BackoffTest, BoundGrowsToItsMaxAndResets) {
  Backoff b({.initial = absl::Milliseconds(10), .max = absl::Milliseconds(35), .jitter = false});
  EXPECT_EQ(b.Next(), absl::Milliseconds(10));
  EXPECT_EQ(b.Next(), absl::Milliseconds(20));
  EXPECT_EQ(b.Next(), absl::Milliseconds(35));
  EXPECT_EQ(b.Next(), absl::Milliseconds(35));
  b.Reset();
  EXPECT_EQ(b.Next(), absl::Milliseconds(10));
}

TEST(BackoffTest, JitteredWaitsSpreadBelowTheBound) {
  Backoff b({.initial = absl::Milliseconds(100), .max = absl::Milliseconds(100)});
  absl::Duration low = absl::InfiniteDuration(), high = absl::ZeroDuration();
  for (int i = 0; i < 200; ++i) {
    absl::Duration d = b.Next();
    ASSERT_GE(d, absl::ZeroDuration());
    ASSERT_LE(d, absl::Milliseconds(100));
    low = std::min(low, d);
    high = std::max(high, d);
  }
  // 200 uniform draws: the chance that all fall in one half is 2^-199.
  EXPECT_LT(low, absl::Milliseconds(50));
  EXPECT_GT(high, absl::Milliseconds(50));
}

}  // namespace
}  // namespace civitas
