#include "libs/common/id_generator.h"

#include <gtest/gtest.h>

#include <set>

namespace civitas {
namespace {

TEST(IdGeneratorTest, RandomIdsAreValidAndDistinct) {
  RandomIdGenerator gen;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = gen.NewId();
    EXPECT_TRUE(IsValidResourceId(id)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(IdGeneratorTest, ValidatesClientIds) {
  EXPECT_TRUE(IsValidResourceId("am-syunik-goris"));
  EXPECT_FALSE(IsValidResourceId(""));
  EXPECT_FALSE(IsValidResourceId("-leading"));
  EXPECT_FALSE(IsValidResourceId("Upper"));
  EXPECT_FALSE(IsValidResourceId("with/slash"));
  EXPECT_FALSE(IsValidResourceId(std::string(64, 'a')));
}

}  // namespace
}  // namespace civitas
