#include "libs/auth/auth_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/auth/identity_provider_settings.h"

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

absl::StatusOr<Settings> LoadProvider(std::map<std::string, std::string> values) {
  SettingsSchema schema("civitas-test");
  DeclareJwtSettings(&schema);
  DeclareIdentityProviderSettings(&schema);
  values.emplace("jwt_secret", std::string(kMinJwtSecretBytes, 'k'));
  return Settings::FromMap(schema, values);
}

TEST(IdentityProviderSettingsTest, AKeySetNeedsAnIssuerAndAnAudienceAndTheyNeedAKeySet) {
  auto alone = LoadProvider({{"oidc_jwks", "https://sso.example.org/certs"}});
  ASSERT_FALSE(alone.ok());
  EXPECT_THAT(alone.status().message(), HasSubstr("oidc_jwks needs oidc_issuer"));
  auto no_keys = LoadProvider({{"oidc_issuer", "https://sso.example.org"}});
  ASSERT_FALSE(no_keys.ok());
  EXPECT_THAT(no_keys.status().message(), HasSubstr("need oidc_jwks"));
  auto good = LoadProvider({{"oidc_jwks", "https://sso.example.org/certs"},
                            {"oidc_issuer", "https://sso.example.org"},
                            {"oidc_audience", "civitas"}});
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_TRUE(IdentityProviderConfigured(*good));
  EXPECT_EQ(OidcOptionsFrom(*good).audience, "civitas");
  EXPECT_FALSE(IdentityProviderConfigured(*LoadProvider({})));
}

TEST(IdentityProviderSettingsTest, PlainHttpKeysAreRefusedUnlessOnThisMachine) {
  const std::map<std::string, std::string> base = {{"oidc_issuer", "i"}, {"oidc_audience", "a"}};
  auto with = [&](const std::string& jwks) {
    auto values = base;
    values["oidc_jwks"] = jwks;
    return LoadProvider(values);
  };
  auto remote = with("http://sso.example.org/certs");
  ASSERT_FALSE(remote.ok());
  EXPECT_THAT(remote.status().message(), HasSubstr("plain http://"));
  EXPECT_TRUE(with("http://127.0.0.1:8081/certs").ok());
  EXPECT_TRUE(with("http://localhost/certs").ok());
  EXPECT_TRUE(with("/etc/civitas/jwks.json").ok());
  auto bad_port = with("https://sso.example.org:99999/certs");
  ASSERT_FALSE(bad_port.ok());
  EXPECT_THAT(bad_port.status().message(), HasSubstr("bad port"));
}

}  // namespace
}  // namespace civitas
