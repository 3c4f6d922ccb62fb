#include "services/gateway/gateway_authenticator.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace civitas::gateway {

absl::StatusOr<ForwardedIdentity> GatewayAuthenticator::Authenticate(
    const std::string& authorization, const std::string& api_key) const {
  absl::string_view auth = absl::StripAsciiWhitespace(authorization);
  std::string key = api_key;
  if (absl::StartsWithIgnoreCase(auth, "apikey ")) key = std::string(auth.substr(7));
  if (!key.empty()) {
    auto principal = api_keys_->Lookup(absl::StripAsciiWhitespace(key));
    if (!principal.has_value()) return absl::UnauthenticatedError("unknown API key");
    return ForwardedIdentity{jwt_->Sign(*principal, absl::Minutes(5)), principal->subject};
  }
  if (auth.empty()) return ForwardedIdentity{};
  if (!absl::StartsWithIgnoreCase(auth, "bearer ")) {
    return absl::UnauthenticatedError("Authorization must be 'Bearer <token>' or 'ApiKey <key>'");
  }
  std::string token(absl::StripAsciiWhitespace(auth.substr(7)));
  auto principal = verifier_->Verify(token);
  if (!principal.ok()) return principal.status();
  return ForwardedIdentity{token, principal->subject};
}

}  // namespace civitas::gateway
