// The settings a service declares for each Civitas service it calls (its peer): how long one call
// may take, `<peer>_timeout_ms`, declared once here so that every caller bounds them alike. Where
// the peer is comes from the service's `peers` setting (ServiceSettingsSchema).
#pragma once

#include <memory>
#include <string>

#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/service_identity.h"
#include "libs/common/settings.h"

namespace civitas::clients {

// `peer` e.g. `registry` (a name of services/services.list); `purpose` says what the caller asks
// it, for --help. Start-up then refuses a `peers` setting that does not say where `peer` is.
void DeclarePeerSettings(SettingsSchema* schema, const std::string& peer,
                         const std::string& purpose);

// The peer's host:port from `peers`.
std::string PeerAddress(const Settings& settings, const std::string& peer);
// The client options the peer's settings give (its deadline).
GrpcClientOptions PeerClientOptions(const Settings& settings, const std::string& peer);

// The typed client of `peer` (e.g. GrpcRegistryClient), dialled where its settings say, with
// their options, calling as `identity` (the service's own, which carries the caller's request
// id on).
template <typename Client>
std::unique_ptr<Client> ConnectPeer(const Settings& settings, const std::string& peer,
                                    ServiceIdentity* identity) {
  return Client::Connect(PeerAddress(settings, peer), identity, PeerClientOptions(settings, peer));
}

}  // namespace civitas::clients
