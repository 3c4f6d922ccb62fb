#include "libs/auth/jwt.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/common/json_log.h"

namespace civitas {
namespace {

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("invalid bearer token: ", why));
}

absl::StatusOr<google::protobuf::Struct> DecodeJsonPart(absl::string_view part) {
  std::string json;
  if (!absl::WebSafeBase64Unescape(part, &json)) {
    return Unauthenticated("not base64url");
  }
  google::protobuf::Struct out;
  if (!google::protobuf::util::JsonStringToMessage(json, &out).ok()) {
    return Unauthenticated("not a JSON object");
  }
  return out;
}

std::string StringClaim(const google::protobuf::Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  if (it == s.fields().end() || !it->second.has_string_value()) return "";
  return it->second.string_value();
}

std::vector<std::string> StringListClaim(const google::protobuf::Struct& s,
                                         const std::string& name) {
  std::vector<std::string> out;
  auto it = s.fields().find(name);
  if (it == s.fields().end()) return out;
  if (it->second.has_string_value()) {
    out.push_back(it->second.string_value());
  } else if (it->second.has_list_value()) {
    for (const auto& v : it->second.list_value().values()) {
      if (v.has_string_value()) out.push_back(v.string_value());
    }
  }
  return out;
}

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
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) {
    return Unauthenticated("expected three dot-separated parts");
  }
  auto header = DecodeJsonPart(parts[0]);
  if (!header.ok()) return header.status();
  if (StringClaim(*header, "alg") != "HS256") {
    return Unauthenticated("alg must be HS256");
  }
  std::string signature;
  if (!absl::WebSafeBase64Unescape(parts[2], &signature)) {
    return Unauthenticated("signature is not base64url");
  }
  std::string expected = Hmac(absl::StrCat(parts[0], ".", parts[1]));
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    return Unauthenticated("bad signature");
  }
  auto claims = DecodeJsonPart(parts[1]);
  if (!claims.ok()) return claims.status();
  if (StringClaim(*claims, "iss") != options_.issuer) {
    return Unauthenticated("wrong issuer");
  }
  const int64_t now = absl::ToUnixSeconds(clock_->Now());
  const int64_t leeway = absl::ToInt64Seconds(options_.leeway);
  auto exp = claims->fields().find("exp");
  if (exp == claims->fields().end() || !exp->second.has_number_value()) {
    return Unauthenticated("exp is required");
  }
  if (static_cast<int64_t>(std::floor(exp->second.number_value())) + leeway <= now) {
    return Unauthenticated("token expired");
  }
  if (auto nbf = claims->fields().find("nbf");
      nbf != claims->fields().end() && nbf->second.has_number_value() &&
      static_cast<int64_t>(nbf->second.number_value()) - leeway > now) {
    return Unauthenticated("token not yet valid");
  }
  Principal p;
  p.expires_at =
      absl::FromUnixSeconds(static_cast<int64_t>(std::floor(exp->second.number_value())) + leeway);
  p.subject = StringClaim(*claims, "sub");
  if (p.subject.empty()) {
    return Unauthenticated("sub is required");
  }
  for (const auto& role : StringListClaim(*claims, "roles")) {
    if (!IsKnownRole(role)) {
      return Unauthenticated(absl::StrCat("unknown role '", role, "'"));
    }
    p.roles.insert(role);
  }
  p.organization = StringClaim(*claims, "org");
  p.territories = StringListClaim(*claims, "territories");
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
