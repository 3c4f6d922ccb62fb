// BearerTokenVerifier: how a process (the gateway, every service) checks the bearer tokens it is
// sent, built from its settings. Two kinds of token are accepted, told apart by the header's
// `alg` before any key is touched:
// - HS256: Civitas's own tokens, signed with jwt_secret (the gateway's short-lived tokens for
//   API-key callers, a service calling its peers, civitas-token in development);
// - RS256/RS384/RS512/ES256/ES384/EdDSA: the identity provider's, when oidc_jwks is set.
// An HS256 token is thus never checked against a provider's public key (alg confusion), and a
// provider token never against the shared secret. Tokens that verified are cached until they
// expire.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "libs/auth/jwks_key_set.h"
#include "libs/auth/jwt.h"
#include "libs/auth/oidc_verifier.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/settings.h"

namespace civitas {

// Thread-safe. Does not own the codec or the clock.
class BearerTokenVerifier final : public TokenVerifier {
 public:
  // Civitas's own tokens only.
  BearerTokenVerifier(const JwtCodec* civitas, const Clock* clock);
  // From the settings of DeclareJwtSettings and DeclareIdentityProviderSettings. `report`
  // receives problems with the provider's keys (for the log).
  BearerTokenVerifier(const Settings& settings, const JwtCodec* civitas, const Clock* clock,
                      JwksKeySet::Reporter report);

  // Fetches the provider's keys, if there is a provider: at start-up, before tokens arrive. A
  // URL that does not answer is only reported, and fetched again when a token needs it (the
  // provider may start after Civitas); anything else (a file that cannot be read, trusted
  // certificates that cannot be loaded, a document that is not a key set) is an error.
  absl::Status LoadProviderKeys();

  absl::StatusOr<Principal> Verify(absl::string_view token) const override;

 private:
  // Routes by alg; what the cache decorates.
  class Router final : public TokenVerifier {
   public:
    Router(const JwtCodec* civitas, const OidcTokenVerifier* provider)
        : civitas_(civitas), provider_(provider) {}
    absl::StatusOr<Principal> Verify(absl::string_view token) const override;

   private:
    const JwtCodec* const civitas_;
    const OidcTokenVerifier* const provider_;
  };

  // oidc_jwks, "" without a provider.
  std::string provider_location_;
  std::unique_ptr<JwksKeySet> provider_keys_;
  std::unique_ptr<OidcTokenVerifier> provider_;
  Router router_;
  CachedTokenVerifier cache_;
};

}  // namespace civitas
