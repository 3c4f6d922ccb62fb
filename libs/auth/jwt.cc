#include "libs/auth/jwt.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/auth/jws.h"
#include "libs/common/json_log.h"

namespace civitas {
namespace {

std::string JsonStringList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    absl::StrAppend(&out, i ? "," : "", "\"", JsonEscape(items[i]), "\"");
  }
  return out + "]";
}

}  // namespace

JwtCodec::JwtCodec(JwtOptions options, const Clock* clock)
    : options_(std::move(options)), clock_(clock) {}

std::string JwtCodec::Hmac(absl::string_view data) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), options_.secret.data(), static_cast<int>(options_.secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return std::string(reinterpret_cast<char*>(mac), len);
}

absl::StatusOr<Principal> JwtCodec::Verify(absl::string_view token) const {
  if (JwsAlgorithmOf(token) != "HS256") {
    return InvalidToken("alg must be HS256");
  }
  // The signature first: claims an attacker wrote are not parsed.
  const size_t last_dot = token.rfind('.');
  std::string signature;
  if (last_dot == absl::string_view::npos ||
      !absl::WebSafeBase64Unescape(token.substr(last_dot + 1), &signature)) {
    return InvalidToken("signature is not base64url");
  }
  std::string expected = Hmac(token.substr(0, last_dot));
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    return InvalidToken("bad signature");
  }
  auto jws = SplitJws(token);
  if (!jws.ok()) return jws.status();
  const google::protobuf::Struct& claims = jws->claims;
  if (StringClaim(claims, "iss") != options_.issuer) {
    return InvalidToken("wrong issuer");
  }
  auto valid_until = CheckTokenTimes(claims, clock_->Now(), options_.leeway);
  if (!valid_until.ok()) return valid_until.status();
  Principal p;
  p.expires_at = *valid_until;
  p.subject = StringClaim(claims, "sub");
  if (p.subject.empty()) {
    return InvalidToken("sub is required");
  }
  for (const auto& role : StringListClaim(claims, "roles")) {
    if (!IsKnownRole(role)) {
      return InvalidToken(absl::StrCat("unknown role '", role, "'"));
    }
    p.roles.insert(role);
  }
  p.organization = StringClaim(claims, "org");
  p.territories = StringListClaim(claims, "territories");
  return p;
}

std::string JwtCodec::Sign(const Principal& principal, absl::Duration ttl) const {
  const int64_t now = absl::ToUnixSeconds(clock_->Now());
  std::string header = absl::WebSafeBase64Escape(R"({"alg":"HS256","typ":"JWT"})");
  std::string claims = absl::StrCat(
      "{\"iss\":\"", JsonEscape(options_.issuer), "\",\"sub\":\"", JsonEscape(principal.subject),
      "\",\"iat\":", now, ",\"exp\":", now + absl::ToInt64Seconds(ttl),
      ",\"roles\":", JsonStringList({principal.roles.begin(), principal.roles.end()}));
  if (!principal.organization.empty()) {
    absl::StrAppend(&claims, ",\"org\":\"", JsonEscape(principal.organization), "\"");
  }
  if (!principal.territories.empty()) {
    absl::StrAppend(&claims, ",\"territories\":", JsonStringList(principal.territories));
  }
  claims += "}";
  std::string signing_input = absl::StrCat(header, ".", absl::WebSafeBase64Escape(claims));
  return absl::StrCat(signing_input, ".", absl::WebSafeBase64Escape(Hmac(signing_input)));
}

}  // namespace civitas
