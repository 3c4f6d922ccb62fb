#include "libs/auth/jwk.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/auth/jws.h"

namespace civitas {
namespace {

constexpr int kMinRsaBits = 2048;

struct AlgorithmInfo {
  JwsAlgorithm alg;
  absl::string_view name;
  // "RSA", "EC" or "OKP": the `kty` of keys that verify it.
  absl::string_view key_type;
  // The curve of EC and OKP keys.
  absl::string_view curve;
};

constexpr AlgorithmInfo kAlgorithms[] = {
    {JwsAlgorithm::kRs256, "RS256", "RSA", ""},
    {JwsAlgorithm::kRs384, "RS384", "RSA", ""},
    {JwsAlgorithm::kRs512, "RS512", "RSA", ""},
    {JwsAlgorithm::kEs256, "ES256", "EC", "P-256"},
    {JwsAlgorithm::kEs384, "ES384", "EC", "P-384"},
    {JwsAlgorithm::kEdDsa, "EdDSA", "OKP", "Ed25519"},
};

const AlgorithmInfo& InfoOf(JwsAlgorithm alg) {
  for (const auto& info : kAlgorithms) {
    if (info.alg == alg) return info;
  }
  return kAlgorithms[0];
}

const EVP_MD* DigestOf(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::kRs256:
    case JwsAlgorithm::kEs256:
      return EVP_sha256();
    case JwsAlgorithm::kRs384:
    case JwsAlgorithm::kEs384:
      return EVP_sha384();
    case JwsAlgorithm::kRs512:
      return EVP_sha512();
    case JwsAlgorithm::kEdDsa:
      return nullptr;  // Ed25519 hashes inside the signature scheme.
  }
  return nullptr;
}

struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using Bignum = std::unique_ptr<BIGNUM, BnFree>;
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct EcdsaSigFree {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

// A public key of `type` ("RSA", "EC") from the parameters `fill` pushes; null when OpenSSL
// refuses them (a point off the curve, say).
template <typename Fill>
EVP_PKEY* KeyFromParams(const char* type, Fill fill) {
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
  if (bld == nullptr || !fill(bld.get())) return nullptr;
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (params == nullptr || ctx == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  return key;
}

absl::StatusOr<std::string> Base64UrlMember(const google::protobuf::Struct& jwk,
                                            absl::string_view name) {
  std::string encoded = StringClaim(jwk, name);
  std::string out;
  if (encoded.empty() || !absl::WebSafeBase64Unescape(encoded, &out) || out.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("`", name, "` is missing or not base64url"));
  }
  return out;
}

absl::StatusOr<EVP_PKEY*> RsaKey(const google::protobuf::Struct& jwk) {
  auto n = Base64UrlMember(jwk, "n");
  if (!n.ok()) return n.status();
  auto e = Base64UrlMember(jwk, "e");
  if (!e.ok()) return e.status();
  Bignum bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), n->size(), nullptr));
  Bignum bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), e->size(), nullptr));
  if (bn_n == nullptr || bn_e == nullptr) return absl::InvalidArgumentError("bad `n` or `e`");
  if (BN_num_bits(bn_n.get()) < kMinRsaBits) {
    return absl::InvalidArgumentError(absl::StrCat("RSA modulus of ", BN_num_bits(bn_n.get()),
                                                   " bits; at least ", kMinRsaBits, " needed"));
  }
  EVP_PKEY* key = KeyFromParams("RSA", [&](OSSL_PARAM_BLD* bld) {
    return OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n.get()) == 1 &&
           OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e.get()) == 1;
  });
  if (key == nullptr) return absl::InvalidArgumentError("not an RSA public key");
  return key;
}

absl::StatusOr<EVP_PKEY*> EcKey(const google::protobuf::Struct& jwk, absl::string_view curve) {
  const size_t coordinate = curve == "P-256" ? 32 : 48;
  auto x = Base64UrlMember(jwk, "x");
  if (!x.ok()) return x.status();
  auto y = Base64UrlMember(jwk, "y");
  if (!y.ok()) return y.status();
  if (x->size() != coordinate || y->size() != coordinate) {
    return absl::InvalidArgumentError(
        absl::StrCat("`x` and `y` of a ", curve, " key are ", coordinate, " bytes each"));
  }
  // The uncompressed point (SEC 1, section 2.3.3).
  std::string point = absl::StrCat("\x04", *x, *y);
  const char* group = curve == "P-256" ? "prime256v1" : "secp384r1";
  EVP_PKEY* key = KeyFromParams("EC", [&](OSSL_PARAM_BLD* bld) {
    return OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1 &&
           OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                            point.size()) == 1;
  });
  if (key == nullptr) return absl::InvalidArgumentError("not a point of the curve");
  return key;
}

absl::StatusOr<EVP_PKEY*> Ed25519Key(const google::protobuf::Struct& jwk) {
  auto x = Base64UrlMember(jwk, "x");
  if (!x.ok()) return x.status();
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x->data()), x->size());
  if (key == nullptr) return absl::InvalidArgumentError("not an Ed25519 public key");
  return key;
}

// One member of `keys`: the key, or why it cannot verify tokens.
absl::StatusOr<std::shared_ptr<const PublicJwk>> ParseKey(const google::protobuf::Struct& jwk) {
  const std::string kty = StringClaim(jwk, "kty");
  const std::string crv = StringClaim(jwk, "crv");
  if (const std::string use = StringClaim(jwk, "use"); !use.empty() && use != "sig") {
    return absl::InvalidArgumentError(absl::StrCat("`use` is ", use, ", not sig"));
  }
  if (const google::protobuf::Value* ops = ClaimAt(jwk, "key_ops"); ops != nullptr) {
    std::vector<std::string> listed = StringListClaim(jwk, "key_ops");
    if (std::find(listed.begin(), listed.end(), "verify") == listed.end()) {
      return absl::InvalidArgumentError("`key_ops` does not name verify");
    }
  }
  std::vector<JwsAlgorithm> fits;
  for (const auto& info : kAlgorithms) {
    if (info.key_type == kty && info.curve == crv) fits.push_back(info.alg);
  }
  if (fits.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported key type ", kty, crv.empty() ? "" : " ", crv));
  }
  if (const std::string alg = StringClaim(jwk, "alg"); !alg.empty()) {
    std::optional<JwsAlgorithm> named = AsymmetricJwsAlgorithm(alg);
    if (!named.has_value() || std::find(fits.begin(), fits.end(), *named) == fits.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("`alg` ", alg, " does not fit a ", kty, " key"));
    }
    fits = {*named};
  }
  absl::StatusOr<EVP_PKEY*> key = kty == "RSA"  ? RsaKey(jwk)
                                  : kty == "EC" ? EcKey(jwk, crv)
                                                : Ed25519Key(jwk);
  if (!key.ok()) return key.status();
  return std::make_shared<const PublicJwk>(StringClaim(jwk, "kid"), std::move(fits), *key);
}

// ECDSA's JWS form (r||s, each the curve's size) as the DER that OpenSSL verifies.
absl::StatusOr<std::string> EcdsaDer(absl::string_view raw, size_t coordinate) {
  if (raw.size() != 2 * coordinate) {
    return InvalidToken("an ECDSA signature of the wrong length");
  }
  std::unique_ptr<ECDSA_SIG, EcdsaSigFree> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), coordinate, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + coordinate, coordinate,
                        nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return InvalidToken("bad signature");
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return InvalidToken("bad signature");
  std::string out(reinterpret_cast<char*>(der), len);
  OPENSSL_free(der);
  return out;
}

}  // namespace

std::optional<JwsAlgorithm> AsymmetricJwsAlgorithm(absl::string_view name) {
  for (const auto& info : kAlgorithms) {
    if (info.name == name) return info.alg;
  }
  return std::nullopt;
}

absl::string_view JwsAlgorithmName(JwsAlgorithm alg) { return InfoOf(alg).name; }

PublicJwk::PublicJwk(std::string kid, std::vector<JwsAlgorithm> algorithms, EVP_PKEY* key)
    : kid_(std::move(kid)), algorithms_(std::move(algorithms)), key_(key) {}

PublicJwk::~PublicJwk() { EVP_PKEY_free(key_); }

bool PublicJwk::Accepts(JwsAlgorithm alg) const {
  return std::find(algorithms_.begin(), algorithms_.end(), alg) != algorithms_.end();
}

absl::Status PublicJwk::Verify(JwsAlgorithm alg, absl::string_view input,
                               absl::string_view signature) const {
  if (!Accepts(alg)) return InvalidToken("the key does not verify this alg");
  std::string der;
  if (alg == JwsAlgorithm::kEs256 || alg == JwsAlgorithm::kEs384) {
    auto converted = EcdsaDer(signature, alg == JwsAlgorithm::kEs256 ? 32 : 48);
    if (!converted.ok()) return converted.status();
    der = *std::move(converted);
    signature = der;
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (ctx == nullptr ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, DigestOf(alg), nullptr, key_) != 1 ||
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                       input.size()) != 1) {
    return InvalidToken("bad signature");
  }
  return absl::OkStatus();
}

absl::StatusOr<PublicJwkSet> ParsePublicJwkSet(absl::string_view json) {
  google::protobuf::Struct document;
  if (!google::protobuf::util::JsonStringToMessage(std::string(json), &document).ok()) {
    return absl::InvalidArgumentError("the key set is not a JSON object");
  }
  auto keys = document.fields().find("keys");
  if (keys == document.fields().end() || !keys->second.has_list_value()) {
    return absl::InvalidArgumentError("the key set has no `keys` array");
  }
  PublicJwkSet out;
  int index = 0;
  for (const auto& member : keys->second.list_value().values()) {
    const std::string label =
        member.has_struct_value() && !StringClaim(member.struct_value(), "kid").empty()
            ? StringClaim(member.struct_value(), "kid")
            : absl::StrCat("keys[", index, "]");
    ++index;
    if (!member.has_struct_value()) {
      out.skipped.push_back(absl::StrCat(label, ": not an object"));
      continue;
    }
    auto key = ParseKey(member.struct_value());
    if (!key.ok()) {
      out.skipped.push_back(absl::StrCat(label, ": ", key.status().message()));
      continue;
    }
    out.keys.push_back(*std::move(key));
  }
  return out;
}

}  // namespace civitas
