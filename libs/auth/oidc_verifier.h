// OidcTokenVerifier: the bearer tokens of a deployment's identity provider (Keycloak, Entra ID,
// Google, any OpenID Connect provider): signed RS256/RS384/RS512, ES256/ES384 or EdDSA by a key
// of the provider's JWK Set, issued by `issuer` for `audience`, within exp/nbf and a leeway. The
// principal is read from claims at configurable paths; the provider's own roles that are not
// Civitas roles (Keycloak's `offline_access`, `default-roles-*`) are ignored, not refused.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "libs/auth/jwks_key_set.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/clock.h"

namespace civitas {

struct OidcOptions {
  // The provider's `iss`, e.g. https://sso.example.org/realms/civitas.
  std::string issuer;
  // What `aud` (a string or an array) must hold: the client id Civitas is registered as.
  std::string audience;
  absl::Duration leeway = absl::Seconds(60);
  // Claim paths (dots descend into objects).
  std::string subject_claim = "sub";
  std::string roles_claim = "roles";
  // Stripped from the provider's role names before they are matched to Civitas roles (e.g.
  // `civitas-` when the realm calls the role `civitas-cso`).
  std::string role_prefix;
  std::string organization_claim = "org";
  std::string territories_claim = "territories";
};

// Thread-safe. Does not own the key set or the clock.
class OidcTokenVerifier final : public TokenVerifier {
 public:
  OidcTokenVerifier(OidcOptions options, JwksKeySet* keys, const Clock* clock)
      : options_(std::move(options)), keys_(keys), clock_(clock) {}

  // UNAUTHENTICATED naming what is wrong: the alg (anything but the asymmetric algorithms above,
  // HS256 included), the key (unknown kid after a refresh), the signature, iss, aud, exp, nbf,
  // a missing subject.
  absl::StatusOr<Principal> Verify(absl::string_view token) const override;

 private:
  const OidcOptions options_;
  JwksKeySet* const keys_;
  const Clock* const clock_;
};

}  // namespace civitas
