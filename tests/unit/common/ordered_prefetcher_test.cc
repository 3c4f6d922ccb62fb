#include "libs/common/ordered_prefetcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"

namespace civitas {
namespace {

TEST(OrderedPrefetcherTest, ItemsComeInOrderEachMadeOnce) {
  std::atomic<int> made = 0;
  OrderedPrefetcher<int> ahead(
      [&](int i) -> absl::StatusOr<int> {
        ++made;
        return i * 10;
      },
      3, 8, 2);
  for (int i = 3; i < 8; ++i) {
    auto got = ahead.Take(i);
    ASSERT_TRUE(got.has_value()) << i;
    EXPECT_EQ(**got, i * 10);
  }
  EXPECT_FALSE(ahead.Take(8).has_value()) << "past the end";
  EXPECT_EQ(made.load(), 5);
}

TEST(OrderedPrefetcherTest, MakesNoMoreThanDepthAheadOfWhatWasTaken) {
  absl::Mutex mu;
  std::vector<int> made;
  OrderedPrefetcher<int> ahead(
      [&](int i) -> absl::StatusOr<int> {
        absl::MutexLock lock(&mu);
        made.push_back(i);
        return i;
      },
      0, 100, 2);
  auto two_made = [&] { return made.size() == 2; };
  {
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(&two_made));
  }
  // The producer now waits for room: nothing more appears however long we look.
  absl::SleepFor(absl::Milliseconds(20));
  {
    absl::MutexLock lock(&mu);
    EXPECT_EQ(made, (std::vector<int>{0, 1}));
  }
  ASSERT_TRUE(ahead.Take(0).has_value());
  auto three_made = [&] { return made.size() == 3; };
  absl::MutexLock lock(&mu);
  mu.Await(absl::Condition(&three_made));
  EXPECT_EQ(made.back(), 2);
}

TEST(OrderedPrefetcherTest, AnIndexOutOfOrderGetsNothingAndTheNextIsStillThere) {
  OrderedPrefetcher<int> ahead([](int i) -> absl::StatusOr<int> { return i; }, 5, 10, 2);
  EXPECT_FALSE(ahead.Take(4).has_value());
  EXPECT_FALSE(ahead.Take(6).has_value());
  auto got = ahead.Take(5);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(**got, 5);
}

TEST(OrderedPrefetcherTest, AFailureIsTheLastItemMade) {
  std::atomic<int> made = 0;
  OrderedPrefetcher<int> ahead(
      [&](int i) -> absl::StatusOr<int> {
        ++made;
        if (i == 1) return absl::UnavailableError("registry away");
        return i;
      },
      0, 10, 4);
  EXPECT_TRUE(ahead.Take(0)->ok());
  auto failed = ahead.Take(1);
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(ahead.Take(2).has_value()) << "nothing after a failure";
  EXPECT_EQ(made.load(), 2);
}

// Destroying it while an item is being made waits for that item (what it reads outlives it),
// and one waiting for room stops at once.
TEST(OrderedPrefetcherTest, DestroyingWaitsForTheItemInTheMaking) {
  absl::Notification started, release;
  std::atomic<bool> finished = false;
  auto ahead = std::make_unique<OrderedPrefetcher<int>>(
      [&](int i) -> absl::StatusOr<int> {
        started.Notify();
        release.WaitForNotification();
        finished = true;
        return i;
      },
      0, 1, 1);
  started.WaitForNotification();
  std::thread releaser([&] {
    absl::SleepFor(absl::Milliseconds(10));
    release.Notify();
  });
  ahead.reset();
  EXPECT_TRUE(finished.load());
  releaser.join();
}

}  // namespace
}  // namespace civitas
