// Service-side authentication: reads `authorization: Bearer <jwt>` from the call's metadata. The
// gateway forwards every caller's principal that way (minting a short-lived token for API-key
// callers), and partners calling a service directly over gRPC send their own token.
#pragma once

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "libs/auth/token_verifier.h"

namespace civitas {

// Received metadata a server interceptor adds to a call of a method that is not annotated
// `(civitas.common.v1.allow_anonymous)`, its value the method: Authenticate then refuses the call
// without credentials, as the gateway does (CredentialsRequiredInterceptorFactory).
inline constexpr char kCredentialsRequiredMetadata[] = "civitas-credentials-required";

// Thread-safe; does not own the verifier.
class GrpcAuthenticator {
 public:
  explicit GrpcAuthenticator(const TokenVerifier* verifier) : verifier_(verifier) {}
  // The caller's principal; Anonymous without a token (UNAUTHENTICATED where the method needs
  // credentials); UNAUTHENTICATED for a bad token.
  absl::StatusOr<Principal> Authenticate(const grpc::ServerContextBase& context) const;

 private:
  const TokenVerifier* const verifier_;
};

}  // namespace civitas
