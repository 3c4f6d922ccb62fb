#include "libs/testing/test_identity_provider.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <cstdlib>
#include <iostream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace civitas::testing {
namespace {

void Check(bool ok, absl::string_view what) {
  if (!ok) {
    std::cerr << "TestIdentityProvider: " << what << " failed\n";
    std::abort();
  }
}

std::string B64(absl::string_view bytes) { return absl::WebSafeBase64Escape(bytes); }

std::string BnParam(EVP_PKEY* key, const char* name, int pad = 0) {
  BIGNUM* bn = nullptr;
  Check(EVP_PKEY_get_bn_param(key, name, &bn) == 1, name);
  std::string out(pad > 0 ? pad : BN_num_bytes(bn), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  BN_free(bn);
  return out;
}

int CoordinateBytes(const std::string& alg) { return alg == "ES256" ? 32 : 48; }

const EVP_MD* Digest(const std::string& alg) {
  if (absl::EndsWith(alg, "256")) return EVP_sha256();
  if (absl::EndsWith(alg, "384")) return EVP_sha384();
  if (absl::EndsWith(alg, "512")) return EVP_sha512();
  return nullptr;
}

}  // namespace

TestIdentityProvider::TestIdentityProvider() = default;

TestIdentityProvider::~TestIdentityProvider() {
  for (auto& [kid, key] : keys_) EVP_PKEY_free(key.pkey);
}

void TestIdentityProvider::AddKey(const std::string& kid, const std::string& alg, int rsa_bits) {
  EVP_PKEY* pkey = nullptr;
  if (absl::StartsWith(alg, "RS")) {
    pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(rsa_bits));
  } else if (alg == "ES256") {
    pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  } else if (alg == "ES384") {
    pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
  } else if (alg == "EdDSA") {
    pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  }
  Check(pkey != nullptr, absl::StrCat("keygen ", alg));
  if (auto old = keys_.find(kid); old != keys_.end()) EVP_PKEY_free(old->second.pkey);
  keys_[kid] = Key{alg, pkey, false};
}

void TestIdentityProvider::RetireKey(const std::string& kid) { keys_.at(kid).retired = true; }

std::string TestIdentityProvider::Jwks() const {
  std::string out = "{\"keys\":[";
  bool first = true;
  for (const auto& [kid, key] : keys_) {
    if (key.retired) continue;
    absl::StrAppend(&out, first ? "" : ",", "{\"kid\":\"", kid, "\",\"alg\":\"", key.alg,
                    "\",\"use\":\"sig\",");
    first = false;
    if (absl::StartsWith(key.alg, "RS")) {
      absl::StrAppend(&out, "\"kty\":\"RSA\",\"n\":\"",
                      B64(BnParam(key.pkey, OSSL_PKEY_PARAM_RSA_N)), "\",\"e\":\"",
                      B64(BnParam(key.pkey, OSSL_PKEY_PARAM_RSA_E)), "\"}");
    } else if (absl::StartsWith(key.alg, "ES")) {
      const int size = CoordinateBytes(key.alg);
      absl::StrAppend(&out, "\"kty\":\"EC\",\"crv\":\"", key.alg == "ES256" ? "P-256" : "P-384",
                      "\",\"x\":\"", B64(BnParam(key.pkey, OSSL_PKEY_PARAM_EC_PUB_X, size)),
                      "\",\"y\":\"", B64(BnParam(key.pkey, OSSL_PKEY_PARAM_EC_PUB_Y, size)), "\"}");
    } else {
      std::string raw(32, '\0');
      size_t len = raw.size();
      Check(EVP_PKEY_get_raw_public_key(key.pkey, reinterpret_cast<unsigned char*>(raw.data()),
                                        &len) == 1,
            "raw public key");
      absl::StrAppend(&out, "\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"", B64(raw), "\"}");
    }
  }
  return out + "]}";
}

std::string TestIdentityProvider::PublicKeyPem(const std::string& kid) const {
  BIO* bio = BIO_new(BIO_s_mem());
  Check(PEM_write_bio_PUBKEY(bio, keys_.at(kid).pkey) == 1, "PEM");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

std::string TestIdentityProvider::Sign(const std::string& kid, const std::string& claims_json,
                                       bool with_kid, const std::string& extra_header) const {
  const Key& key = keys_.at(kid);
  std::string header =
      absl::StrCat("{\"alg\":\"", key.alg, "\",\"typ\":\"JWT\"",
                   with_kid ? absl::StrCat(",\"kid\":\"", kid, "\"") : "", extra_header, "}");
  std::string input = absl::StrCat(B64(header), ".", B64(claims_json));
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Check(EVP_DigestSignInit(ctx, nullptr, Digest(key.alg), nullptr, key.pkey) == 1, "sign init");
  size_t len = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  Check(EVP_DigestSign(ctx, nullptr, &len, data, input.size()) == 1, "sign size");
  std::string signature(len, '\0');
  Check(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &len, data,
                       input.size()) == 1,
        "sign");
  signature.resize(len);
  EVP_MD_CTX_free(ctx);
  if (absl::StartsWith(key.alg, "ES")) {
    // DER to the JWS form r||s.
    const auto* der = reinterpret_cast<const unsigned char*>(signature.data());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size()));
    Check(sig != nullptr, "DER signature");
    const int size = CoordinateBytes(key.alg);
    std::string raw(2 * size, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), size);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + size, size);
    ECDSA_SIG_free(sig);
    signature = raw;
  }
  return absl::StrCat(input, ".", B64(signature));
}

std::string TestIdentityProvider::SignHs256(absl::string_view secret,
                                            const std::string& claims_json,
                                            const std::string& kid) {
  std::string header = absl::StrCat("{\"alg\":\"HS256\",\"typ\":\"JWT\"",
                                    kid.empty() ? "" : absl::StrCat(",\"kid\":\"", kid, "\""), "}");
  std::string input = absl::StrCat(B64(header), ".", B64(claims_json));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
  return absl::StrCat(input, ".", B64(absl::string_view(reinterpret_cast<char*>(mac), len)));
}

}  // namespace civitas::testing
