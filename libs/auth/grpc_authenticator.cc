#include "libs/auth/grpc_authenticator.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace civitas {

absl::StatusOr<Principal> GrpcAuthenticator::Authenticate(
    const grpc::ServerContextBase& context) const {
  const auto& md = context.client_metadata();
  auto it = md.find("authorization");
  if (it == md.end()) {
    if (auto required = md.find(kCredentialsRequiredMetadata); required != md.end()) {
      return absl::UnauthenticatedError(
          absl::StrCat(absl::string_view(required->second.data(), required->second.size()),
                       " needs credentials: a bearer token"));
    }
    return Principal::Anonymous();
  }
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::ConsumePrefix(&value, "Bearer ") && !absl::ConsumePrefix(&value, "bearer ")) {
    return absl::UnauthenticatedError("authorization metadata must be 'Bearer <token>'");
  }
  return verifier_->Verify(value);
}

}  // namespace civitas
