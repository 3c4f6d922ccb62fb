// One unary gRPC call as the HTTP/2 client carries it.
#pragma once

#include <grpcpp/support/status.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace civitas::http2 {

struct Metadatum {
  std::string name;  // lower case
  std::string value;
  // True for values that recur across calls (a caller's token): they are sent once and then
  // referred to from the HPACK dynamic table. Per-call values (request ids) should say false.
  bool recurring = false;
};

struct UnaryCall {
  // `/package.Service/Method`.
  std::string method;
  // The serialized request message.
  std::string request;
  std::vector<Metadatum> metadata;
  absl::Time deadline = absl::InfiniteFuture();
  // Runs exactly once on the connection's thread, unless the channel is destroyed first.
  std::function<void(const grpc::Status&, std::string response)> done;
  // Set when the call was handed back unsent once already (it is retried at most once).
  bool retried = false;
};

}  // namespace civitas::http2
