#include "libs/auth/bearer_token_verifier.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/identity_provider_settings.h"
#include "libs/auth/jws.h"

namespace civitas {

absl::StatusOr<Principal> BearerTokenVerifier::Router::Verify(absl::string_view token) const {
  const std::string alg = JwsAlgorithmOf(token);
  if (alg == "HS256") return civitas_->Verify(token);
  if (provider_ != nullptr && AsymmetricJwsAlgorithm(alg).has_value()) {
    return provider_->Verify(token);
  }
  if (alg.empty()) {
    absl::Status malformed = SplitJws(token).status();
    return malformed.ok() ? InvalidToken("the header names no alg") : malformed;
  }
  return InvalidToken(provider_ == nullptr
                          ? "alg must be HS256 (no identity provider is configured)"
                          : "alg must be HS256 or one the identity provider signs with");
}

BearerTokenVerifier::BearerTokenVerifier(const JwtCodec* civitas, const Clock* clock)
    : router_(civitas, nullptr), cache_(&router_, clock) {}

namespace {

std::unique_ptr<JwksKeySet> ProviderKeys(const Settings& settings, const Clock* clock,
                                         JwksKeySet::Reporter report) {
  if (!IdentityProviderConfigured(settings)) return nullptr;
  return std::make_unique<JwksKeySet>(JwksFetcherFrom(settings), clock,
                                      JwksKeySetOptionsFrom(settings), std::move(report));
}

}  // namespace

BearerTokenVerifier::BearerTokenVerifier(const Settings& settings, const JwtCodec* civitas,
                                         const Clock* clock, JwksKeySet::Reporter report)
    : provider_location_(settings.String("oidc_jwks")),
      provider_keys_(ProviderKeys(settings, clock, std::move(report))),
      provider_(provider_keys_ == nullptr
                    ? nullptr
                    : std::make_unique<OidcTokenVerifier>(OidcOptionsFrom(settings),
                                                          provider_keys_.get(), clock)),
      router_(civitas, provider_.get()),
      cache_(&router_, clock) {}

absl::Status BearerTokenVerifier::LoadProviderKeys() {
  if (provider_keys_ == nullptr) return absl::OkStatus();
  absl::Status loaded = provider_keys_->Refresh();
  // A provider that does not answer yet may start after Civitas; anything else (a key set file
  // that cannot be read, trusted certificates that cannot be loaded, a document that is not a
  // key set) is a mistake in the deployment.
  const bool not_up_yet = loaded.code() == absl::StatusCode::kUnavailable ||
                          loaded.code() == absl::StatusCode::kDeadlineExceeded;
  if (loaded.ok() || (provider_location_.find("://") != std::string::npos && not_up_yet)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(
      absl::StrCat("oidc_jwks: ", provider_location_, ": ", loaded.message()));
}

absl::StatusOr<Principal> BearerTokenVerifier::Verify(absl::string_view token) const {
  return cache_.Verify(token);
}

}  // namespace civitas
