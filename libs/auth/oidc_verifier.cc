#include "libs/auth/oidc_verifier.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "libs/auth/jws.h"

namespace civitas {
namespace {

// `organizations/<id>` whether the claim holds the id or the resource name.
std::string ResourceName(absl::string_view collection, const std::string& value) {
  if (value.empty() || absl::StartsWith(value, absl::StrCat(collection, "/"))) return value;
  return absl::StrCat(collection, "/", value);
}

}  // namespace

absl::StatusOr<Principal> OidcTokenVerifier::Verify(absl::string_view token) const {
  auto jws = SplitJws(token);
  if (!jws.ok()) return jws.status();
  const std::string alg_name = StringClaim(jws->header, "alg");
  std::optional<JwsAlgorithm> alg = AsymmetricJwsAlgorithm(alg_name);
  if (!alg.has_value()) {
    return InvalidToken(absl::StrCat(
        "alg '", absl::string_view(alg_name).substr(0, 16),
        "' is not one the identity provider signs with (RS256, RS384, RS512, ES256, ES384, "
        "EdDSA)"));
  }
  // RFC 7515 4.1.11: a header naming extensions the recipient must understand is refused, as
  // none are understood here.
  if (ClaimAt(jws->header, "crit") != nullptr) {
    return InvalidToken("the header's crit names extensions this verifier does not support");
  }
  auto key = keys_->Find(StringClaim(jws->header, "kid"), *alg);
  if (!key.ok()) return key.status();
  if (auto s = (*key)->Verify(*alg, jws->signing_input, jws->signature); !s.ok()) return s;
  const google::protobuf::Struct& claims = jws->claims;
  if (StringClaim(claims, "iss") != options_.issuer) return InvalidToken("wrong issuer");
  std::vector<std::string> audiences = StringListClaim(claims, "aud");
  if (std::find(audiences.begin(), audiences.end(), options_.audience) == audiences.end()) {
    return InvalidToken("wrong audience");
  }
  auto valid_until = CheckTokenTimes(claims, clock_->Now(), options_.leeway);
  if (!valid_until.ok()) return valid_until.status();
  Principal p;
  p.expires_at = *valid_until;
  p.subject = StringClaim(claims, options_.subject_claim);
  if (p.subject.empty()) {
    return InvalidToken(absl::StrCat(options_.subject_claim, " is required"));
  }
  // `services/...` is how Civitas's services and their jobs call each other: a provider's user
  // never takes that name (and with it a service's standing).
  if (absl::StartsWith(p.subject, "services/")) {
    return InvalidToken(absl::StrCat(options_.subject_claim, " may not start with services/"));
  }
  for (const std::string& provided : StringListClaim(claims, options_.roles_claim)) {
    absl::string_view role = provided;
    if (!absl::ConsumePrefix(&role, options_.role_prefix)) continue;
    if (IsKnownRole(role)) p.roles.insert(std::string(role));
  }
  p.organization = ResourceName("organizations", StringClaim(claims, options_.organization_claim));
  for (const std::string& territory : StringListClaim(claims, options_.territories_claim)) {
    p.territories.push_back(ResourceName("territories", territory));
  }
  return p;
}

}  // namespace civitas
