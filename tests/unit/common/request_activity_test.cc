#include "libs/common/request_activity.h"

#include <gtest/gtest.h>

namespace civitas {
namespace {

TEST(RequestActivity, QuietUntilARequestThenForTheWindowAfterIt) {
  RequestActivity activity;
  const absl::Time t0 = absl::FromUnixSeconds(1'796'000'000);
  EXPECT_TRUE(activity.QuietFor(absl::Milliseconds(200), t0)) << "nobody ever asked";
  activity.Note(t0);
  EXPECT_FALSE(activity.QuietFor(absl::Milliseconds(200), t0));
  EXPECT_FALSE(activity.QuietFor(absl::Milliseconds(200), t0 + absl::Milliseconds(199)));
  EXPECT_TRUE(activity.QuietFor(absl::Milliseconds(200), t0 + absl::Milliseconds(200)));
  activity.Note(t0 + absl::Seconds(1));
  EXPECT_FALSE(activity.QuietFor(absl::Milliseconds(200), t0 + absl::Milliseconds(1100)));
}

}  // namespace
}  // namespace civitas
