#include "libs/auth/jwt.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "libs/auth/api_keys.h"

namespace civitas {
namespace {

class JwtTest : public ::testing::Test {
 protected:
  FakeClock clock_{absl::FromUnixSeconds(1'800'000'000)};
  JwtCodec codec_{{"secret-1", "civitas", absl::Seconds(30)}, &clock_};

  Principal Cso() {
    Principal p;
    p.subject = "alice";
    p.roles = {kRoleCso};
    p.organization = "organizations/keystone";
    p.territories = {"territories/md"};
    return p;
  }
};

TEST_F(JwtTest, SignedTokenVerifiesToSamePrincipal) {
  auto p = codec_.Verify(codec_.Sign(Cso(), absl::Hours(1)));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->subject, "alice");
  EXPECT_TRUE(p->HasRole(kRoleCso));
  EXPECT_EQ(p->organization, "organizations/keystone");
  EXPECT_EQ(p->territories, std::vector<std::string>{"territories/md"});
}

TEST_F(JwtTest, ExpiredTokenIsRefusedAfterLeeway) {
  std::string token = codec_.Sign(Cso(), absl::Minutes(1));
  clock_.Advance(absl::Minutes(1) + absl::Seconds(20));
  EXPECT_TRUE(codec_.Verify(token).ok());
  clock_.Advance(absl::Seconds(15));
  EXPECT_EQ(codec_.Verify(token).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(JwtTest, OtherSecretOrIssuerIsRefused) {
  JwtCodec other_secret({"secret-2", "civitas"}, &clock_);
  JwtCodec other_issuer({"secret-1", "someone-else"}, &clock_);
  std::string token = codec_.Sign(Cso(), absl::Hours(1));
  EXPECT_FALSE(other_secret.Verify(token).ok());
  EXPECT_FALSE(other_issuer.Verify(token).ok());
}

TEST_F(JwtTest, AlgNoneAndTamperedClaimsAreRefused) {
  std::string token = codec_.Sign(Cso(), absl::Hours(1));
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  std::string none = absl::WebSafeBase64Escape(R"({"alg":"none","typ":"JWT"})");
  EXPECT_FALSE(codec_.Verify(none + "." + parts[1] + ".").ok());
  std::string claims;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[1], &claims));
  size_t pos = claims.find("\"cso\"");
  ASSERT_NE(pos, std::string::npos);
  claims.replace(pos, 5, "\"admin\"");
  EXPECT_FALSE(
      codec_.Verify(parts[0] + "." + absl::WebSafeBase64Escape(claims) + "." + parts[2]).ok());
  EXPECT_FALSE(codec_.Verify("garbage").ok());
}

TEST(ApiKeyStoreTest, LooksUpPrincipalByKey) {
  auto store = ApiKeyStore::Parse(
      "warehouse-key-0123456789|warehouse|warehouse; admin-key-0123456789|ops|admin");
  ASSERT_TRUE(store.ok()) << store.status();
  auto p = store->Lookup("warehouse-key-0123456789");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->subject, "warehouse");
  EXPECT_TRUE(p->HasRole(kRoleWarehouse));
  EXPECT_FALSE(store->Lookup("warehouse-key-012345678").has_value());
}

TEST(ApiKeyStoreTest, RejectsShortKeysAndUnknownRoles) {
  EXPECT_FALSE(ApiKeyStore::Parse("short|x|admin").ok());
  EXPECT_FALSE(ApiKeyStore::Parse("long-enough-key-000|x|superuser").ok());
}

}  // namespace
}  // namespace civitas
