#include "libs/common/settings.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace civitas {
namespace {

TEST(SettingsTest, FlagBeatsEnvironmentBeatsDefault) {
  setenv("CIVITAS_SETTINGS_TEST_A", "from-env", 1);
  setenv("CIVITAS_SETTINGS_TEST_B", "from-env", 1);
  const char* argv[] = {"prog", "--settings_test_a=from-flag"};
  auto s = Settings::Parse(2, const_cast<char**>(argv));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->String("settings_test_a", "default"), "from-flag");
  EXPECT_EQ(s->String("settings_test_b", "default"), "from-env");
  EXPECT_EQ(s->String("settings_test_c", "default"), "default");
}

TEST(SettingsTest, RejectsPositionalArguments) {
  const char* argv[] = {"prog", "oops"};
  EXPECT_FALSE(Settings::Parse(2, const_cast<char**>(argv)).ok());
}

TEST(SettingsTest, IntRejectsNonNumbers) {
  auto s = Settings::FromMap({{"port", "abc"}, {"n", "42"}});
  EXPECT_FALSE(s.Int("port", 1).ok());
  EXPECT_EQ(*s.Int("n", 1), 42);
}

TEST(SettingsTest, BareFlagMeansTrue) {
  const char* argv[] = {"prog", "--verbose"};
  auto s = Settings::Parse(2, const_cast<char**>(argv));
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->Bool("verbose", false));
}

}  // namespace
}  // namespace civitas
