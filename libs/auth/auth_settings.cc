#include "libs/auth/auth_settings.h"

#include "absl/strings/str_cat.h"

namespace civitas {
namespace {

std::string CheckJwtSecret(const Settings& settings) {
  if (settings.Bool("development_mode")) return "";
  const std::string& secret = settings.String("jwt_secret");
  const char* const fix =
      " outside development mode: set jwt_secret (CIVITAS_JWT_SECRET) to a secret of at least 32 "
      "bytes that only the token issuer and Civitas know, or development_mode "
      "(CIVITAS_DEVELOPMENT_MODE=true) on a machine of your own";
  if (secret.empty()) return absl::StrCat("jwt_secret is required", fix);
  if (secret == kDevelopmentJwtSecret) {
    return absl::StrCat(
        "jwt_secret is the development secret published in the source tree, "
        "with which anyone can sign an admin token; refused",
        fix);
  }
  if (secret.size() < kMinJwtSecretBytes) {
    return absl::StrCat("jwt_secret is ", secret.size(), " bytes long, too short to sign tokens",
                        fix);
  }
  return "";
}

}  // namespace

void DeclareJwtSettings(SettingsSchema* schema) {
  schema
      ->Secret("jwt_secret", "",
               "HS256 secret shared by whoever signs and verifies bearer tokens (at least 32 "
               "bytes; required unless development_mode)")
      .String("jwt_issuer", JwtOptions{}.issuer, "the `iss` every accepted token carries")
      .Bool("development_mode", false,
            "a development set-up (make run, the tests): jwt_secret defaults to the development "
            "secret in the source tree; never set in a deployment")
      .AddCheck(&CheckJwtSecret);
}

bool DevelopmentMode(const Settings& settings) { return settings.Bool("development_mode"); }

std::string DevelopmentModeWarning(const Settings& settings) {
  if (!DevelopmentMode(settings)) return "";
  return settings.String("jwt_secret").empty()
             ? "development_mode: bearer tokens signed with the development secret published in "
               "the source tree are accepted; never run a deployment like this"
             : "development_mode: on; never run a deployment like this";
}

JwtOptions JwtOptionsFrom(const Settings& settings) {
  JwtOptions options;
  options.secret = settings.String("jwt_secret");
  if (options.secret.empty() && DevelopmentMode(settings)) options.secret = kDevelopmentJwtSecret;
  options.issuer = settings.String("jwt_issuer");
  return options;
}

}  // namespace civitas
