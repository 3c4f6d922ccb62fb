// CallContext: what a service passes along when it calls another one on behalf of a request.
#pragma once

#include <algorithm>
#include <string>

#include "absl/time/time.h"

namespace civitas::clients {

struct CallContext {
  // The id of the request being served (from `x-request-id`), sent on as `x-request-id` so that
  // one request can be followed through every service's logs and events.
  std::string request_id;
  // What is left of the served request's deadline (zero: none). A peer call ends by the earlier
  // of it and the client's own timeout (the whole call, retries included).
  absl::Duration timeout = absl::ZeroDuration();

  // The time a peer call may take, given the client's configured timeout.
  absl::Duration TimeoutWithin(absl::Duration configured) const {
    return timeout > absl::ZeroDuration() ? std::min(timeout, configured) : configured;
  }
};

}  // namespace civitas::clients
