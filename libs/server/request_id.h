// RequestIdOf: the id of the request a call serves, as the gateway (or a calling service, see
// libs/clients) sent it in `x-request-id`. Writes carry it as their events' correlation id.
#pragma once

#include <grpcpp/server_context.h>

#include <string>

#include "libs/clients/call_context.h"

namespace civitas {

// Empty when absent, longer than 128 bytes, or not printable ASCII: a caller cannot put
// arbitrary bytes into every event and log line.
std::string RequestIdOf(const grpc::ServerContextBase& ctx);

// What a use case passes on to the peers it calls while serving `ctx`: its request id, and what
// is left of its deadline (none when the caller set none).
clients::CallContext CallContextOf(const grpc::ServerContextBase& ctx);

}  // namespace civitas
