#include "libs/auth/jws.h"

#include <google/protobuf/util/json_util.h>

#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace civitas {
namespace {

absl::StatusOr<google::protobuf::Struct> DecodeJsonPart(absl::string_view part) {
  std::string json;
  if (!absl::WebSafeBase64Unescape(part, &json)) {
    return InvalidToken("not base64url");
  }
  google::protobuf::Struct out;
  if (!google::protobuf::util::JsonStringToMessage(json, &out).ok()) {
    return InvalidToken("not a JSON object");
  }
  return out;
}

// A NumericDate (RFC 7519 section 2) as whole seconds; false when absent or not a finite number
// of a sane size.
bool SecondsClaim(const google::protobuf::Struct& claims, absl::string_view name, int64_t* out) {
  const google::protobuf::Value* v = ClaimAt(claims, name);
  if (v == nullptr || !v->has_number_value()) return false;
  const double d = v->number_value();
  if (!std::isfinite(d) || std::fabs(d) > 1e15) return false;
  *out = static_cast<int64_t>(std::floor(d));
  return true;
}

}  // namespace

absl::Status InvalidToken(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("invalid bearer token: ", why));
}

absl::StatusOr<JwsParts> SplitJws(absl::string_view token) {
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) {
    return InvalidToken("expected three dot-separated parts");
  }
  JwsParts out;
  auto header = DecodeJsonPart(parts[0]);
  if (!header.ok()) return header.status();
  out.header = *std::move(header);
  auto claims = DecodeJsonPart(parts[1]);
  if (!claims.ok()) return claims.status();
  out.claims = *std::move(claims);
  if (!absl::WebSafeBase64Unescape(parts[2], &out.signature)) {
    return InvalidToken("signature is not base64url");
  }
  out.signing_input = absl::StrCat(parts[0], ".", parts[1]);
  return out;
}

std::string JwsAlgorithmOf(absl::string_view token) {
  std::vector<absl::string_view> parts = absl::StrSplit(token, absl::MaxSplits('.', 1));
  auto header = DecodeJsonPart(parts[0]);
  return header.ok() ? StringClaim(*header, "alg") : "";
}

const google::protobuf::Value* ClaimAt(const google::protobuf::Struct& claims,
                                       absl::string_view path) {
  // A claim whose own name holds dots (Auth0's `https://example.org/roles`) is itself.
  if (auto whole = claims.fields().find(std::string(path)); whole != claims.fields().end()) {
    return &whole->second;
  }
  const google::protobuf::Struct* level = &claims;
  const google::protobuf::Value* value = nullptr;
  for (absl::string_view name : absl::StrSplit(path, '.')) {
    if (level == nullptr) return nullptr;
    auto it = level->fields().find(std::string(name));
    if (it == level->fields().end()) return nullptr;
    value = &it->second;
    level = value->has_struct_value() ? &value->struct_value() : nullptr;
  }
  return value;
}

std::string StringClaim(const google::protobuf::Struct& claims, absl::string_view path) {
  const google::protobuf::Value* v = ClaimAt(claims, path);
  return v != nullptr && v->has_string_value() ? v->string_value() : "";
}

std::vector<std::string> StringListClaim(const google::protobuf::Struct& claims,
                                         absl::string_view path) {
  std::vector<std::string> out;
  const google::protobuf::Value* v = ClaimAt(claims, path);
  if (v == nullptr) return out;
  if (v->has_string_value()) {
    out.push_back(v->string_value());
  } else if (v->has_list_value()) {
    for (const auto& item : v->list_value().values()) {
      if (item.has_string_value()) out.push_back(item.string_value());
    }
  }
  return out;
}

absl::StatusOr<absl::Time> CheckTokenTimes(const google::protobuf::Struct& claims, absl::Time now,
                                           absl::Duration leeway) {
  const int64_t now_s = absl::ToUnixSeconds(now);
  const int64_t leeway_s = absl::ToInt64Seconds(leeway);
  int64_t exp = 0;
  if (!SecondsClaim(claims, "exp", &exp)) return InvalidToken("exp is required");
  if (exp + leeway_s <= now_s) return InvalidToken("token expired");
  if (int64_t nbf = 0; SecondsClaim(claims, "nbf", &nbf) && nbf - leeway_s > now_s) {
    return InvalidToken("token not yet valid");
  }
  return absl::FromUnixSeconds(exp + leeway_s);
}

}  // namespace civitas
