// The JSON Web Signature compact form (RFC 7515) as every bearer-token verifier reads it: the
// three parts split and decoded, claims read by name or by a dotted path into nested objects
// (Keycloak's `realm_access.roles`), and the time claims checked with a leeway.
#pragma once

#include <google/protobuf/struct.pb.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace civitas {

struct JwsParts {
  google::protobuf::Struct header;
  google::protobuf::Struct claims;
  // `<header>.<claims>` as sent: what the signature covers.
  std::string signing_input;
  // The signature's bytes (base64url decoded).
  std::string signature;
};

// UNAUTHENTICATED, "invalid bearer token: <why>".
absl::Status InvalidToken(absl::string_view why);

// Splits and decodes a compact JWS; UNAUTHENTICATED when it is not three base64url parts whose
// first two are JSON objects.
absl::StatusOr<JwsParts> SplitJws(absl::string_view token);
// The header's `alg`, "" when the token has no decodable header.
std::string JwsAlgorithmOf(absl::string_view token);

// The value at `path`: the claim of that name, else names separated by dots, each one level of
// nested objects; null when there is none.
const google::protobuf::Value* ClaimAt(const google::protobuf::Struct& claims,
                                       absl::string_view path);
// The string at `path`, "" when absent or not a string.
std::string StringClaim(const google::protobuf::Struct& claims, absl::string_view path);
// The strings at `path`: one string, or the strings of an array (other members ignored).
std::vector<std::string> StringListClaim(const google::protobuf::Struct& claims,
                                         absl::string_view path);

// Checks `exp` (required) and `nbf` (optional) against `now` with `leeway` either side; answers
// when the token stops being accepted (exp + leeway).
absl::StatusOr<absl::Time> CheckTokenTimes(const google::protobuf::Struct& claims, absl::Time now,
                                           absl::Duration leeway);

}  // namespace civitas
