#include "libs/common/change_history.h"

#include <gtest/gtest.h>

namespace civitas {
namespace {

TEST(ChangeHistoryTest, ReadsTheScriptsTextForm) {
  std::vector<Change> h = ParseChangeHistory("1:10 2:15 junk 3:40 ");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[2].version, 3);
  EXPECT_EQ(h[2].sequence, 40);
  EXPECT_TRUE(ParseChangeHistory("").empty());
}

TEST(ChangeHistoryTest, LastChangeUpToACursor) {
  std::vector<Change> h = ParseChangeHistory("1:10 2:15 3:40");
  EXPECT_EQ(LastChangeUpTo(h, 9), std::nullopt);
  EXPECT_EQ(LastChangeUpTo(h, 10), 10);
  EXPECT_EQ(LastChangeUpTo(h, 39), 15);
  EXPECT_EQ(LastChangeUpTo(h, 1000), 40);
}

TEST(ChangeHistoryTest, AVersionChangedWithinTwoCursors) {
  std::vector<Change> h = ParseChangeHistory("1:10 2:15 3:40");
  EXPECT_TRUE(ChangedWithin(h, 2, 10, 15));
  EXPECT_FALSE(ChangedWithin(h, 2, 15, 40));
  EXPECT_FALSE(ChangedWithin(h, 3, 10, 39));
  EXPECT_TRUE(ChangedWithin(h, 1, 0, 10));
}

TEST(ChangeHistoryTest, ADroppedVersionIsWithinWhileTheOldestKeptChangeIsAfterSince) {
  // Versions 1-4 were dropped, the last of them at 17.
  std::vector<Change> h = ParseChangeHistory("0:17 5:20 6:30");
  EXPECT_EQ(LastChangeUpTo(h, 18), std::nullopt);
  EXPECT_TRUE(ChangedWithin(h, 3, 12, 40));
  // At or before 17, but a pull that ended at 17 may not have found the document: its entries
  // up to 17 were dropped before that pull reached them.
  EXPECT_TRUE(ChangedWithin(h, 3, 17, 40));
  EXPECT_FALSE(ChangedWithin(h, 3, 20, 40));  // a reader at 20 had version 5 and what it held
  EXPECT_TRUE(ChangedWithin({}, 3, 19, 40));  // a document from before histories
  // A document from before histories, changed since: its older parts once more, then not.
  std::vector<Change> old = ParseChangeHistory("4:50");
  EXPECT_TRUE(ChangedWithin(old, 0, 45, 60));
  EXPECT_FALSE(ChangedWithin(old, 0, 50, 60));
}

TEST(ChangeHistoryTest, AVersionBelowACompleteHistoryCountsAsTheCreation) {
  std::vector<Change> h = ParseChangeHistory("1:10 2:15");
  EXPECT_TRUE(ChangedWithin(h, 0, 9, 10));
  EXPECT_FALSE(ChangedWithin(h, 0, 10, 15));
}

}  // namespace
}  // namespace civitas
