#include "libs/auth/auth_settings.h"

namespace civitas {

void DeclareJwtSettings(SettingsSchema* schema) {
  schema
      ->Secret("jwt_secret", kDevelopmentJwtSecret,
               "HS256 secret shared by whoever signs and verifies bearer tokens (the default is "
               "for development only)")
      .String("jwt_issuer", JwtOptions{}.issuer, "the `iss` every accepted token carries");
}

JwtOptions JwtOptionsFrom(const Settings& settings) {
  JwtOptions options;
  options.secret = settings.String("jwt_secret");
  options.issuer = settings.String("jwt_issuer");
  return options;
}

}  // namespace civitas
