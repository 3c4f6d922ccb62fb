#include "libs/auth/identity_provider_settings.h"

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/auth/http_fetch.h"

namespace civitas {
namespace {

constexpr size_t kMaxKeySetBytes = 1 << 20;

bool IsUrl(absl::string_view location) {
  return absl::StartsWith(location, "http://") || absl::StartsWith(location, "https://");
}

std::string CheckIdentityProvider(const Settings& settings) {
  const std::string& jwks = settings.String("oidc_jwks");
  const bool issuer = !settings.String("oidc_issuer").empty();
  const bool audience = !settings.String("oidc_audience").empty();
  if (jwks.empty()) {
    if (issuer || audience) {
      return "oidc_issuer and oidc_audience need oidc_jwks (CIVITAS_OIDC_JWKS): the identity "
             "provider's key set, an https:// URL or a file";
    }
    return "";
  }
  if (!issuer || !audience) {
    return "oidc_jwks needs oidc_issuer (the provider's `iss`) and oidc_audience (the client id "
           "Civitas is registered as): without them a token the provider issued for any other "
           "application would be accepted";
  }
  if (settings.Int("oidc_jwks_refetch_seconds") < 5 && !settings.Bool("development_mode")) {
    return "oidc_jwks_refetch_seconds below 5 would let tokens naming made-up keys make Civitas "
           "fetch the provider's keys again and again; below 5 only in development_mode";
  }
  if (!IsUrl(jwks)) return "";
  auto url = ParseHttpUrl(jwks);
  if (!url.ok()) return absl::StrCat("oidc_jwks: ", url.status().message());
  if (!url->tls && !IsLoopbackHost(url->host) && !settings.Bool("development_mode")) {
    return "oidc_jwks is a plain http:// URL of another machine: whoever is on the path could "
           "hand Civitas keys of their own; use https:// (oidc_jwks_ca_file for a private CA)";
  }
  return "";
}

}  // namespace

void DeclareIdentityProviderSettings(SettingsSchema* schema) {
  const OidcOptions defaults;
  const JwksKeySetOptions key_defaults;
  schema
      ->String("oidc_jwks", "",
               "the identity provider's JWK Set: an https:// URL (e.g. Keycloak's "
               "<issuer>/protocol/openid-connect/certs) or a file; empty: no provider, only "
               "Civitas's own HS256 tokens")
      .String("oidc_jwks_ca_file", "",
              "PEM certificates an https:// oidc_jwks must chain to (default: the system's)")
      .String("oidc_issuer", "", "the `iss` of the provider's tokens")
      .String("oidc_audience", "",
              "what the provider's tokens' `aud` must hold: the client id of Civitas")
      .Int("oidc_leeway_seconds", absl::ToInt64Seconds(defaults.leeway),
           "clock skew tolerated on a provider token's exp and nbf", 0, 300)
      .Int("oidc_jwks_max_age_seconds", absl::ToInt64Seconds(key_defaults.max_age),
           "the provider's keys are fetched again when older than this", 10, 86400)
      .Int("oidc_jwks_refetch_seconds", absl::ToInt64Seconds(key_defaults.refetch_interval),
           "at most one fetch per this many seconds for tokens naming a key the set lacks", 0, 3600)
      .String("oidc_subject_claim", defaults.subject_claim, "claim path of the principal's subject")
      .String("oidc_roles_claim", defaults.roles_claim,
              "claim path of the roles (Keycloak: realm_access.roles); names that are not "
              "Civitas roles are ignored")
      .String("oidc_role_prefix", defaults.role_prefix,
              "stripped from the provider's role names (e.g. civitas- for civitas-cso)")
      .String("oidc_organization_claim", defaults.organization_claim,
              "claim path of the organisation acted for (an id or organizations/<id>)")
      .String("oidc_territories_claim", defaults.territories_claim,
              "claim path of a municipality's territories")
      .AddCheck(&CheckIdentityProvider);
}

bool IdentityProviderConfigured(const Settings& settings) {
  return !settings.String("oidc_jwks").empty();
}

OidcOptions OidcOptionsFrom(const Settings& settings) {
  OidcOptions o;
  o.issuer = settings.String("oidc_issuer");
  o.audience = settings.String("oidc_audience");
  o.leeway = absl::Seconds(settings.Int("oidc_leeway_seconds"));
  o.subject_claim = settings.String("oidc_subject_claim");
  o.roles_claim = settings.String("oidc_roles_claim");
  o.role_prefix = settings.String("oidc_role_prefix");
  o.organization_claim = settings.String("oidc_organization_claim");
  o.territories_claim = settings.String("oidc_territories_claim");
  return o;
}

JwksKeySetOptions JwksKeySetOptionsFrom(const Settings& settings) {
  return {absl::Seconds(settings.Int("oidc_jwks_max_age_seconds")),
          absl::Seconds(settings.Int("oidc_jwks_refetch_seconds"))};
}

JwksKeySet::Fetcher JwksFetcherFrom(const Settings& settings) {
  const std::string location = settings.String("oidc_jwks");
  if (IsUrl(location)) {
    HttpFetchOptions options;
    options.max_body_bytes = kMaxKeySetBytes;
    options.ca_file = settings.String("oidc_jwks_ca_file");
    return [location, options]() -> absl::StatusOr<std::string> {
      auto url = ParseHttpUrl(location);
      if (!url.ok()) return url.status();
      return HttpFetch(*url, options);
    };
  }
  return [location]() -> absl::StatusOr<std::string> {
    std::ifstream in(location, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", location));
    std::string out(kMaxKeySetBytes + 1, '\0');
    in.read(out.data(), static_cast<std::streamsize>(out.size()));
    out.resize(static_cast<size_t>(in.gcount()));
    if (out.size() > kMaxKeySetBytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat(location, " is larger than ", kMaxKeySetBytes, " bytes"));
    }
    return out;
  };
}

}  // namespace civitas
