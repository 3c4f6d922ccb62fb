// HS256 JSON Web Tokens: the bearer credential of Civitas. The algorithm is pinned: a token whose
// header names anything but HS256 (including "none") is refused before its signature is looked at.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/auth/principal.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/clock.h"

namespace civitas {

struct JwtOptions {
  std::string secret;
  std::string issuer = "civitas";
  // Tolerated clock skew on exp and nbf.
  absl::Duration leeway = absl::Seconds(30);
};

// JwtCodec signs and verifies tokens. Thread-safe; does not own the clock.
// Claims: iss, sub, exp (required), nbf, iat, roles (array), org, territories (array).
class JwtCodec final : public TokenVerifier {
 public:
  JwtCodec(JwtOptions options, const Clock* clock);

  // UNAUTHENTICATED with a reason when the token is malformed, forged, expired or not ours.
  absl::StatusOr<Principal> Verify(absl::string_view token) const override;
  std::string Sign(const Principal& principal, absl::Duration ttl) const;

 private:
  std::string Hmac(absl::string_view data) const;

  const JwtOptions options_;
  const Clock* const clock_;
};

}  // namespace civitas
