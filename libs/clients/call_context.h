// CallContext: what a service passes along when it calls another one on behalf of a request.
#pragma once

#include <algorithm>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace civitas::clients {

struct CallContext {
  // The correlation id of the request being served (from the `x-request-id` header), sent on in
  // `x-request-id` so that one request can be followed through every service's logs and events.
  // Not AIP-155's `request_id` (an idempotency key, which is the request message's own).
  std::string correlation_id;
  // The served request's deadline (none: InfiniteFuture). A peer call ends by the earlier of it
  // and the client's own timeout (the whole call, retries included), so that calls made one
  // after another share what is left of it.
  absl::Time deadline = absl::InfiniteFuture();

  // The time a peer call started now may take, given the client's configured timeout (at least a
  // millisecond: a call past the deadline fails at once, as it should).
  absl::Duration TimeoutWithin(absl::Duration configured) const {
    if (deadline == absl::InfiniteFuture()) return configured;
    return std::max(std::min(deadline - absl::Now(), configured), absl::Milliseconds(1));
  }
};

}  // namespace civitas::clients
