// TestIdentityProvider: an OpenID Connect provider's signing side for tests: key pairs made
// fresh (RSA, P-256, P-384, Ed25519), the public JWK Set a provider publishes, and tokens signed
// with any of the keys, or forged in the ways an attacker would.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace civitas::testing {

class TestIdentityProvider {
 public:
  TestIdentityProvider();
  ~TestIdentityProvider();
  TestIdentityProvider(const TestIdentityProvider&) = delete;
  TestIdentityProvider& operator=(const TestIdentityProvider&) = delete;

  // Makes a key pair: `alg` RS256/RS384/RS512 (RSA of `rsa_bits`), ES256, ES384 or EdDSA.
  void AddKey(const std::string& kid, const std::string& alg, int rsa_bits = 2048);
  // Takes the key out of the published set (it can still sign: a token of a retired key).
  void RetireKey(const std::string& kid);
  // {"keys":[...]}: the public half of every key not retired, each with kid, alg and use=sig.
  std::string Jwks() const;
  // The public key of `kid` as PEM (SubjectPublicKeyInfo): what an attacker would try as an
  // HMAC secret.
  std::string PublicKeyPem(const std::string& kid) const;

  // `<header>.<claims>.<signature>` with header {"alg": alg of the key, "kid": kid, "typ": "JWT"}
  // (no kid when `with_kid` is false; `extra_header` members appended, e.g. `,"crit":["x"]`) and
  // `claims_json` as given.
  std::string Sign(const std::string& kid, const std::string& claims_json, bool with_kid = true,
                   const std::string& extra_header = "") const;
  // A token whose header says `alg` and `kid`, "signed" with HMAC-SHA256 keyed by `secret`.
  static std::string SignHs256(absl::string_view secret, const std::string& claims_json,
                               const std::string& kid = "");

 private:
  struct Key {
    std::string alg;
    EVP_PKEY* pkey = nullptr;
    bool retired = false;
  };
  std::map<std::string, Key> keys_;
};

}  // namespace civitas::testing
