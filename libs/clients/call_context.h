// CallContext: what a service passes along when it calls another one on behalf of a request.
#pragma once

#include <string>

#include "absl/time/time.h"

namespace civitas::clients {

struct CallContext {
  // The id of the request being served (from `x-request-id`), sent on as `x-request-id` so that
  // one request can be followed through every service's logs and events.
  std::string request_id;
  // Overrides the client's default deadline for this call (the whole call, retries included).
  absl::Duration timeout = absl::ZeroDuration();
};

}  // namespace civitas::clients
