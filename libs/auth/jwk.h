// Public keys of a JSON Web Key Set (RFC 7517) and the asymmetric JWS algorithms (RFC 7518,
// RFC 8037) that identity providers sign tokens with: RS256/384/512 (RSA of at least 2048 bits),
// ES256/ES384 (P-256, P-384) and EdDSA (Ed25519). Symmetric algorithms have no place here: a key
// of a set is public, so an HS256 token "signed" with it proves nothing (the alg-confusion
// attack); they are refused by name.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace civitas {

enum class JwsAlgorithm { kRs256, kRs384, kRs512, kEs256, kEs384, kEdDsa };

// The algorithm of that JOSE name, if it is one of the above.
std::optional<JwsAlgorithm> AsymmetricJwsAlgorithm(absl::string_view name);
absl::string_view JwsAlgorithmName(JwsAlgorithm alg);

// One verification key. Immutable, thread-safe.
class PublicJwk {
 public:
  PublicJwk(std::string kid, std::vector<JwsAlgorithm> algorithms, EVP_PKEY* key);
  ~PublicJwk();
  PublicJwk(const PublicJwk&) = delete;
  PublicJwk& operator=(const PublicJwk&) = delete;

  const std::string& kid() const { return kid_; }
  // Whether tokens of `alg` may be checked with this key: its type and curve fit `alg`, and the
  // key's own `alg`, when the set names one, is `alg`.
  bool Accepts(JwsAlgorithm alg) const;
  // OK when `signature` (JWS form: ECDSA as r||s) is `alg`'s signature of `input` by this key.
  absl::Status Verify(JwsAlgorithm alg, absl::string_view input, absl::string_view signature) const;

 private:
  const std::string kid_;
  const std::vector<JwsAlgorithm> algorithms_;
  EVP_PKEY* const key_;
};

struct PublicJwkSet {
  std::vector<std::shared_ptr<const PublicJwk>> keys;
  // Keys of the document that cannot verify tokens here (another use, an unsupported type or
  // curve, a short RSA modulus, malformed members), each as `<kid>: <why>`: a set may hold
  // encryption keys or keys for other clients, which is no reason to refuse the rest.
  std::vector<std::string> skipped;
};

// INVALID_ARGUMENT when `json` is not a JWK Set (`{"keys": [...]}`); keys that cannot be used
// are listed in `skipped`.
absl::StatusOr<PublicJwkSet> ParsePublicJwkSet(absl::string_view json);

}  // namespace civitas
