// Gateway authentication: turns the caller's credential into the bearer token forwarded to the
// services. A JWT is verified and forwarded as it is; an API key (`X-API-Key`, or
// `Authorization: ApiKey <key>`) is exchanged for a short-lived token of the key's principal.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "libs/auth/api_keys.h"
#include "libs/auth/jwt.h"

namespace civitas::gateway {

struct ForwardedIdentity {
  // Empty for an anonymous caller.
  std::string bearer_token;
  std::string subject;
};

// Thread-safe; owns nothing.
class GatewayAuthenticator {
 public:
  // `verifier` checks bearer tokens (usually a cache in front of `jwt`); `jwt` signs the
  // short-lived tokens that stand for API-key callers.
  GatewayAuthenticator(const TokenVerifier* verifier, const JwtCodec* jwt,
                       const ApiKeyStore* api_keys)
      : verifier_(verifier), jwt_(jwt), api_keys_(api_keys) {}
  // UNAUTHENTICATED for a malformed, forged or expired credential.
  absl::StatusOr<ForwardedIdentity> Authenticate(const std::string& authorization,
                                                 const std::string& api_key) const;

 private:
  const TokenVerifier* const verifier_;
  const JwtCodec* const jwt_;
  const ApiKeyStore* const api_keys_;
};

}  // namespace civitas::gateway
