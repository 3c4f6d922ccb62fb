#include "libs/clients/peer_settings.h"

#include "absl/strings/str_cat.h"

namespace civitas::clients {

void DeclarePeerSettings(SettingsSchema* schema, const std::string& peer,
                         const std::string& default_address, const std::string& purpose) {
  schema->String(absl::StrCat(peer, "_address"), default_address,
                 absl::StrCat("the ", peer, " service's gRPC address (host:port): ", purpose));
  schema->Int(absl::StrCat(peer, "_timeout_ms"), 2000,
              absl::StrCat("deadline of one call to the ", peer, " service, retries included"), 50,
              60000);
}

std::string PeerAddress(const Settings& settings, const std::string& peer) {
  return settings.String(absl::StrCat(peer, "_address"));
}

GrpcClientOptions PeerClientOptions(const Settings& settings, const std::string& peer) {
  GrpcClientOptions options;
  options.timeout = absl::Milliseconds(settings.Int(absl::StrCat(peer, "_timeout_ms")));
  return options;
}

}  // namespace civitas::clients
