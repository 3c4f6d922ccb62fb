#include "libs/auth/oidc_verifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/auth/bearer_token_verifier.h"
#include "libs/testing/test_identity_provider.h"

namespace civitas {
namespace {

using ::testing::HasSubstr;
using testing::TestIdentityProvider;

constexpr char kIssuer[] = "https://sso.example.org/realms/civitas";
constexpr char kAudience[] = "civitas-api";

class OidcVerifierTest : public ::testing::Test {
 protected:
  OidcVerifierTest() {
    provider_.AddKey("es-1", "ES256");
    options_.issuer = kIssuer;
    options_.audience = kAudience;
  }

  // Claims of a token valid for an hour from now; `extra` is appended inside the object.
  std::string Claims(const std::string& extra = "", int64_t exp_in = 3600) const {
    const int64_t now = absl::ToUnixSeconds(clock_.Now());
    return absl::StrCat(R"({"iss":")", kIssuer, R"(","aud":")", kAudience,
                        R"(","sub":"user-1","iat":)", now, R"(,"exp":)", now + exp_in,
                        R"(,"roles":["cso"],"org":"keystone")", extra, "}");
  }

  JwksKeySet& Keys() {
    if (keys_ == nullptr) {
      keys_ = std::make_unique<JwksKeySet>(
          [this]() -> absl::StatusOr<std::string> {
            if (!provider_answers_) return absl::UnavailableError("provider down");
            return provider_.Jwks();
          },
          &clock_, JwksKeySetOptions{absl::Minutes(15), absl::Seconds(30)});
    }
    return *keys_;
  }
  OidcTokenVerifier Verifier() { return OidcTokenVerifier(options_, &Keys(), &clock_); }

  FakeClock clock_{absl::FromUnixSeconds(1'800'000'000)};
  TestIdentityProvider provider_;
  OidcOptions options_;
  bool provider_answers_ = true;
  std::unique_ptr<JwksKeySet> keys_;
};

TEST_F(OidcVerifierTest, EveryAsymmetricAlgorithmVerifiesAndATamperedTokenDoesNot) {
  for (const std::string alg : {"RS256", "RS384", "RS512", "ES256", "ES384", "EdDSA"}) {
    provider_.AddKey("k-" + alg, alg);
  }
  OidcTokenVerifier verifier = Verifier();
  for (const std::string alg : {"RS256", "RS384", "RS512", "ES256", "ES384", "EdDSA"}) {
    std::string token = provider_.Sign("k-" + alg, Claims());
    auto p = verifier.Verify(token);
    ASSERT_TRUE(p.ok()) << alg << ": " << p.status();
    EXPECT_EQ(p->subject, "user-1");
    EXPECT_TRUE(p->HasRole(kRoleCso));
    EXPECT_EQ(p->organization, "organizations/keystone");
    // The same signature over other claims.
    std::string other = provider_.Sign("k-" + alg, Claims(R"(,"extra":1)"));
    std::string forged = token.substr(0, token.find('.')) +
                         other.substr(other.find('.'), other.rfind('.') - other.find('.')) +
                         token.substr(token.rfind('.'));
    EXPECT_THAT(verifier.Verify(forged).status().message(), HasSubstr("bad signature")) << alg;
  }
}

TEST_F(OidcVerifierTest, KeycloakRolesAreReadFromTheirPathAndForeignRolesIgnored) {
  options_.roles_claim = "realm_access.roles";
  options_.role_prefix = "civitas-";
  options_.organization_claim = "civitas.org";
  std::string claims = Claims(
      R"(,"realm_access":{"roles":["offline_access","default-roles-civitas","civitas-municipality","cso"]},)"
      R"("civitas":{"org":"organizations/goris-municipality"},"territories":["goris"])");
  auto p = Verifier().Verify(provider_.Sign("es-1", claims));
  ASSERT_TRUE(p.ok()) << p.status();
  // `cso` lacks the prefix: not a role given to Civitas.
  EXPECT_EQ(p->roles, std::set<std::string>{kRoleMunicipality});
  EXPECT_EQ(p->organization, "organizations/goris-municipality");
  EXPECT_EQ(p->territories, std::vector<std::string>{"territories/goris"});
}

TEST_F(OidcVerifierTest, AClaimNamedWithDotsIsReadWhole) {
  options_.roles_claim = "https://civitas.example.org/roles";
  auto p = Verifier().Verify(
      provider_.Sign("es-1", Claims(R"(,"https://civitas.example.org/roles":["admin"])")));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->HasRole(kRoleAdmin));
}

TEST_F(OidcVerifierTest, WrongIssuerOrAudienceIsRefusedAndAnAudienceArrayIsSearched) {
  OidcTokenVerifier verifier = Verifier();
  const int64_t exp = absl::ToUnixSeconds(clock_.Now()) + 600;
  auto token = [&](const std::string& iss, const std::string& aud) {
    return provider_.Sign("es-1", absl::StrCat(R"({"iss":")", iss, R"(","aud":)", aud,
                                               R"(,"sub":"u","exp":)", exp, "}"));
  };
  EXPECT_THAT(verifier.Verify(token("https://evil.example", "\"civitas-api\"")).status().message(),
              HasSubstr("wrong issuer"));
  EXPECT_THAT(verifier.Verify(token(kIssuer, "\"account\"")).status().message(),
              HasSubstr("wrong audience"));
  EXPECT_THAT(verifier.Verify(token(kIssuer, "[\"account\",\"other\"]")).status().message(),
              HasSubstr("wrong audience"));
  EXPECT_TRUE(verifier.Verify(token(kIssuer, "[\"account\",\"civitas-api\"]")).ok());
}

TEST_F(OidcVerifierTest, ExpiryAndNotBeforeHoldWithinTheLeewayOnly) {
  options_.leeway = absl::Seconds(60);
  OidcTokenVerifier verifier = Verifier();
  std::string token = provider_.Sign("es-1", Claims("", /*exp_in=*/10));
  clock_.Advance(absl::Seconds(65));
  EXPECT_TRUE(verifier.Verify(token).ok());
  clock_.Advance(absl::Seconds(10));
  EXPECT_THAT(verifier.Verify(token).status().message(), HasSubstr("token expired"));
  const int64_t now = absl::ToUnixSeconds(clock_.Now());
  std::string early = provider_.Sign("es-1", Claims(absl::StrCat(R"(,"nbf":)", now + 120)));
  EXPECT_THAT(verifier.Verify(early).status().message(), HasSubstr("not yet valid"));
  clock_.Advance(absl::Seconds(61));
  EXPECT_TRUE(verifier.Verify(early).ok());
  std::string no_exp = provider_.Sign(
      "es-1", absl::StrCat(R"({"iss":")", kIssuer, R"(","aud":")", kAudience, R"(","sub":"u"})"));
  EXPECT_THAT(verifier.Verify(no_exp).status().message(), HasSubstr("exp is required"));
}

TEST_F(OidcVerifierTest, AlgConfusionAndAlgNoneAreRefused) {
  provider_.AddKey("rsa-1", "RS256");
  OidcTokenVerifier verifier = Verifier();
  // HS256 keyed with the provider's public key, as if it were a shared secret.
  std::string confused =
      TestIdentityProvider::SignHs256(provider_.PublicKeyPem("rsa-1"), Claims(), "rsa-1");
  EXPECT_THAT(verifier.Verify(confused).status().message(), HasSubstr("alg 'HS256' is not"));
  std::string none = absl::WebSafeBase64Escape(R"({"alg":"none","kid":"rsa-1"})") + "." +
                     absl::WebSafeBase64Escape(Claims()) + ".";
  EXPECT_THAT(verifier.Verify(none).status().message(), HasSubstr("alg 'none' is not"));
  // An RS256 token naming the EC key: that key verifies ES256 only.
  std::string rs = provider_.Sign("rsa-1", Claims());
  std::string header = absl::WebSafeBase64Escape(R"({"alg":"RS256","kid":"es-1"})");
  EXPECT_THAT(verifier.Verify(header + rs.substr(rs.find('.'))).status().message(),
              HasSubstr("unknown kid 'es-1' for RS256"));

  // Behind the process's verifier the HS256 token goes to Civitas's own secret, not the key.
  JwtCodec civitas({"civitas-secret-of-thirty-two-bytes!", "civitas"}, &clock_);
  BearerTokenVerifier bearer(&civitas, &clock_);
  EXPECT_THAT(bearer.Verify(confused).status().message(), HasSubstr("bad signature"));
}

TEST_F(OidcVerifierTest, CritExtensionsAndServiceSubjectsAreRefused) {
  OidcTokenVerifier verifier = Verifier();
  std::string token = provider_.Sign("es-1", Claims());
  std::string service =
      provider_.Sign("es-1", absl::StrCat(R"({"iss":")", kIssuer, R"(","aud":")", kAudience,
                                          R"(","sub":"services/registry","exp":)",
                                          absl::ToUnixSeconds(clock_.Now()) + 600, "}"));
  EXPECT_THAT(verifier.Verify(service).status().message(),
              HasSubstr("may not start with services/"));
  std::string crit = provider_.Sign("es-1", Claims(), /*with_kid=*/true, R"(,"crit":["exp"])");
  EXPECT_THAT(verifier.Verify(crit).status().message(), HasSubstr("crit"));
  EXPECT_TRUE(verifier.Verify(token).ok());
}

TEST_F(OidcVerifierTest, ARotatedKeyIsFetchedOnFirstUseWithoutARestart) {
  OidcTokenVerifier verifier = Verifier();
  ASSERT_TRUE(verifier.Verify(provider_.Sign("es-1", Claims())).ok());
  const int64_t fetches = Keys().fetches();
  provider_.AddKey("es-2", "ES256");
  provider_.RetireKey("es-1");
  clock_.Advance(absl::Seconds(31));
  auto p = verifier.Verify(provider_.Sign("es-2", Claims()));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(Keys().fetches(), fetches + 1);
  // The retired key is gone with the fetch that brought the new one.
  EXPECT_THAT(verifier.Verify(provider_.Sign("es-1", Claims())).status().message(),
              HasSubstr("unknown kid 'es-1'"));
}

TEST_F(OidcVerifierTest, UnknownKeyIdsFetchAtMostOncePerInterval) {
  OidcTokenVerifier verifier = Verifier();
  ASSERT_TRUE(verifier.Verify(provider_.Sign("es-1", Claims())).ok());
  const int64_t fetches = Keys().fetches();
  provider_.AddKey("made-up", "ES256");
  provider_.RetireKey("made-up");
  clock_.Advance(absl::Seconds(31));
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(verifier.Verify(provider_.Sign("made-up", Claims())).ok());
  }
  EXPECT_EQ(Keys().fetches(), fetches + 1);
  clock_.Advance(absl::Seconds(31));
  EXPECT_FALSE(verifier.Verify(provider_.Sign("made-up", Claims())).ok());
  EXPECT_EQ(Keys().fetches(), fetches + 2);
}

TEST_F(OidcVerifierTest, KeysAreRefreshedWhenOldAndKeptWhenTheProviderIsDown) {
  OidcTokenVerifier verifier = Verifier();
  ASSERT_TRUE(verifier.Verify(provider_.Sign("es-1", Claims())).ok());
  const int64_t fetches = Keys().fetches();
  provider_answers_ = false;
  clock_.Advance(absl::Minutes(16));
  EXPECT_TRUE(verifier.Verify(provider_.Sign("es-1", Claims())).ok());
  EXPECT_EQ(Keys().fetches(), fetches + 1);
  provider_answers_ = true;
  provider_.RetireKey("es-1");
  provider_.AddKey("es-2", "ES256");
  clock_.Advance(absl::Minutes(1));
  // Still old (the failed attempt did not count as fresh): this fetch drops es-1.
  EXPECT_FALSE(verifier.Verify(provider_.Sign("es-1", Claims())).ok());
  EXPECT_TRUE(verifier.Verify(provider_.Sign("es-2", Claims())).ok());
}

TEST_F(OidcVerifierTest, WithoutAKidOnlyASetWithOneKeyForTheAlgSaysWhichKeySigned) {
  OidcTokenVerifier verifier = Verifier();
  EXPECT_TRUE(verifier.Verify(provider_.Sign("es-1", Claims(), /*with_kid=*/false)).ok());
  provider_.AddKey("es-2", "ES256");
  keys_.reset();
  OidcTokenVerifier two = Verifier();
  EXPECT_THAT(two.Verify(provider_.Sign("es-1", Claims(), /*with_kid=*/false)).status().message(),
              HasSubstr("no kid"));
}

TEST(JwkSetTest, KeysThatCannotVerifyAreSkippedAndNamed) {
  TestIdentityProvider provider;
  provider.AddKey("short", "RS256", /*rsa_bits=*/1024);
  provider.AddKey("good", "EdDSA");
  std::string jwks = provider.Jwks();
  jwks.insert(
      jwks.size() - 2,
      R"(,{"kid":"enc","kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"},)"
      R"({"kid":"oct","kty":"oct","k":"c2VjcmV0"},)"
      R"({"kid":"bad-alg","kty":"EC","crv":"P-256","alg":"RS256","x":"AA","y":"AA"},)"
      R"({"kid":"off-curve","kty":"EC","crv":"P-256","x":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})");
  auto set = ParsePublicJwkSet(jwks);
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_EQ(set->keys.size(), 1u);
  EXPECT_EQ(set->keys[0]->kid(), "good");
  std::string skipped = absl::StrJoin(set->skipped, "\n");
  EXPECT_THAT(skipped, HasSubstr("short: RSA modulus of 1024 bits"));
  EXPECT_THAT(skipped, HasSubstr("enc: `use` is enc"));
  EXPECT_THAT(skipped, HasSubstr("oct: unsupported key type oct"));
  EXPECT_THAT(skipped, HasSubstr("bad-alg: `alg` RS256 does not fit"));
  EXPECT_THAT(skipped, HasSubstr("off-curve: not a point of the curve"));
  EXPECT_FALSE(ParsePublicJwkSet("[]").ok());
  EXPECT_FALSE(ParsePublicJwkSet(R"({"keys":{}})").ok());
}

}  // namespace
}  // namespace civitas
