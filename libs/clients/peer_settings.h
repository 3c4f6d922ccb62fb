// The settings a service declares for each Civitas service it calls (its peer): where it is and
// how long one call may take, `<peer>_address` and `<peer>_timeout_ms`, declared once here so that
// every caller names and bounds them alike.
#pragma once

#include <string>

#include "libs/clients/grpc_registry_client.h"
#include "libs/common/settings.h"

namespace civitas::clients {

// `peer` e.g. `registry`; `purpose` says what the caller asks it, for --help.
void DeclarePeerSettings(SettingsSchema* schema, const std::string& peer,
                         const std::string& default_address, const std::string& purpose);

std::string PeerAddress(const Settings& settings, const std::string& peer);
// The client options the peer's settings give (its deadline).
GrpcClientOptions PeerClientOptions(const Settings& settings, const std::string& peer);

}  // namespace civitas::clients
