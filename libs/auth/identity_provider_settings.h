// The settings of a deployment's identity provider (OpenID Connect): where its JWK Set is, the
// issuer and audience its tokens must carry, where their claims put roles and organisation.
// Declared by the gateway and every service: both check the tokens they are sent.
#pragma once

#include "libs/auth/jwks_key_set.h"
#include "libs/auth/oidc_verifier.h"
#include "libs/common/settings.h"

namespace civitas {

// oidc_jwks (an https:// URL, or a file path), oidc_jwks_ca_file, oidc_issuer, oidc_audience,
// oidc_leeway_seconds, oidc_jwks_max_age_seconds, oidc_jwks_refetch_seconds and the claim
// paths, with the start-up rules: a key set needs an issuer and an audience (and they need a key
// set); a plain http:// key set is refused unless it is on this machine or in development mode
// (anyone on the path could hand Civitas keys of their own).
void DeclareIdentityProviderSettings(SettingsSchema* schema);
// Whether a provider is configured (oidc_jwks set).
bool IdentityProviderConfigured(const Settings& settings);
OidcOptions OidcOptionsFrom(const Settings& settings);
JwksKeySetOptions JwksKeySetOptionsFrom(const Settings& settings);
// Reads oidc_jwks: the file, or the URL (within 5 s and 1 MiB).
JwksKeySet::Fetcher JwksFetcherFrom(const Settings& settings);

}  // namespace civitas
