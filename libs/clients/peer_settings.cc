#include "libs/clients/peer_settings.h"

#include "absl/strings/str_cat.h"
#include "libs/common/service_list.h"

namespace civitas::clients {

void DeclarePeerSettings(SettingsSchema* schema, const std::string& peer,
                         const std::string& purpose) {
  schema->Int(absl::StrCat(peer, "_timeout_ms"), 2000,
              absl::StrCat("deadline of one call to the ", peer, " service (", purpose,
                           "), retries included"),
              50, 60000);
  schema->AddCheck([peer, purpose](const Settings& settings) -> std::string {
    auto peers = ParseServiceAddresses(settings.String("peers"));
    if (!peers.ok() || peers->contains(peer)) return "";  // malformed: reported on its own
    return absl::StrCat("peers: says nowhere where the ", peer,
                        " service is; this service calls it for ", purpose);
  });
}

std::string PeerAddress(const Settings& settings, const std::string& peer) {
  auto peers = ParseServiceAddresses(settings.String("peers"));
  if (!peers.ok()) return "";
  auto it = peers->find(peer);
  return it == peers->end() ? "" : it->second;
}

GrpcClientOptions PeerClientOptions(const Settings& settings, const std::string& peer) {
  GrpcClientOptions options;
  options.timeout = absl::Milliseconds(settings.Int(absl::StrCat(peer, "_timeout_ms")));
  return options;
}

}  // namespace civitas::clients
