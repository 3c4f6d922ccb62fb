// The token settings every process that signs or verifies bearer tokens declares.
#pragma once

#include "libs/auth/jwt.h"
#include "libs/common/settings.h"

namespace civitas {

// The HS256 secret of development set-ups (`make run`, `make token`, the tests); written only
// here, and therefore known to everyone who has read the source: accepted only in development
// mode.
inline constexpr char kDevelopmentJwtSecret[] = "civitas-dev-secret-change-me";
// Outside development mode a secret shorter than this is refused (RFC 7518 section 3.2: an HS256
// key of at least 256 bits).
inline constexpr size_t kMinJwtSecretBytes = 32;

// jwt_secret, jwt_issuer and development_mode, with the start-up rule: outside development mode
// a missing, short or published (development) secret stops the process, naming jwt_secret
// (CIVITAS_JWT_SECRET); in development mode a missing secret means the development one.
void DeclareJwtSettings(SettingsSchema* schema);
JwtOptions JwtOptionsFrom(const Settings& settings);
// Whether the process runs as a development set-up (CIVITAS_DEVELOPMENT_MODE).
bool DevelopmentMode(const Settings& settings);
// What a process in development mode logs at start-up (a warning), "" otherwise: a deployment
// that set it by mistake says so in its first lines.
std::string DevelopmentModeWarning(const Settings& settings);

}  // namespace civitas
