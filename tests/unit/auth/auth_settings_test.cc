#include "libs/auth/auth_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civitas {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<Settings> Load(const std::map<std::string, std::string>& values) {
  SettingsSchema schema("civitas-test");
  DeclareJwtSettings(&schema);
  return Settings::FromMap(schema, values);
}

TEST(JwtSettingsTest, OutsideDevelopmentModeAMissingSecretStopsStartUpNamingTheSetting) {
  auto s = Load({});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.status().message(), HasSubstr("jwt_secret is required"));
  EXPECT_THAT(s.status().message(), HasSubstr("CIVITAS_JWT_SECRET"));
}

TEST(JwtSettingsTest, OutsideDevelopmentModeThePublishedOrAShortSecretIsRefused) {
  auto published = Load({{"jwt_secret", kDevelopmentJwtSecret}});
  ASSERT_FALSE(published.ok());
  EXPECT_THAT(published.status().message(), HasSubstr("development secret"));
  auto short_secret = Load({{"jwt_secret", "0123456789abcdef"}});
  ASSERT_FALSE(short_secret.ok());
  EXPECT_THAT(short_secret.status().message(), HasSubstr("jwt_secret is 16 bytes long"));
  auto good = Load({{"jwt_secret", std::string(kMinJwtSecretBytes, 'k')}});
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(JwtOptionsFrom(*good).secret, std::string(kMinJwtSecretBytes, 'k'));
  EXPECT_FALSE(DevelopmentMode(*good));
  EXPECT_EQ(DevelopmentModeWarning(*good), "");
}

TEST(JwtSettingsTest, DevelopmentModeFallsBackToTheDevelopmentSecret) {
  auto s = Load({{"development_mode", "true"}});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(DevelopmentMode(*s));
  EXPECT_EQ(JwtOptionsFrom(*s).secret, kDevelopmentJwtSecret);
  EXPECT_THAT(DevelopmentModeWarning(*s), HasSubstr("development secret published"));
  // A secret given in development mode is used as given.
  auto given = Load({{"development_mode", "true"}, {"jwt_secret", "short"}});
  ASSERT_TRUE(given.ok()) << given.status();
  EXPECT_EQ(JwtOptionsFrom(*given).secret, "short");
}

}  // namespace
}  // namespace civitas
