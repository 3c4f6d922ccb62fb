// The token settings every process that signs or verifies bearer tokens declares.
#pragma once

#include "libs/auth/jwt.h"
#include "libs/common/settings.h"

namespace civitas {

// The HS256 secret of development set-ups (`make run`, `make token`); written only here.
// Deployments set jwt_secret (CIVITAS_JWT_SECRET) to their own.
inline constexpr char kDevelopmentJwtSecret[] = "civitas-dev-secret-change-me";

// jwt_secret, jwt_issuer.
void DeclareJwtSettings(SettingsSchema* schema);
JwtOptions JwtOptionsFrom(const Settings& settings);

}  // namespace civitas
