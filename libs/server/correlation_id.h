// CorrelationIdOf: the correlation id of the request a call serves, as the gateway (or a calling
// service, see libs/clients) sent it in the `x-request-id` header. Writes carry it on their
// events, logs on their lines. Not AIP-155's `request_id` field (a client's idempotency key).
#pragma once

#include <grpcpp/server_context.h>

#include <string>

#include "libs/clients/call_context.h"

namespace civitas {

// Empty when absent, longer than 128 bytes, or not printable ASCII: a caller cannot put
// arbitrary bytes into every event and log line.
std::string CorrelationIdOf(const grpc::ServerContextBase& ctx);

// What a use case passes on to the peers it calls while serving `ctx`: its correlation id, and what
// is left of its deadline (none when the caller set none).
clients::CallContext CallContextOf(const grpc::ServerContextBase& ctx);

}  // namespace civitas
