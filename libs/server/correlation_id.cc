#include "libs/server/correlation_id.h"

#include <algorithm>
#include <chrono>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace civitas {

std::string CorrelationIdOf(const grpc::ServerContextBase& ctx) {
  constexpr size_t kMaxLength = 128;
  auto it = ctx.client_metadata().find("x-request-id");
  if (it == ctx.client_metadata().end() || it->second.size() > kMaxLength) {
    return "";
  }
  std::string id(it->second.data(), it->second.size());
  if (!std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    return "";
  }
  return id;
}

clients::CallContext CallContextOf(const grpc::ServerContextBase& ctx) {
  clients::CallContext out{.correlation_id = CorrelationIdOf(ctx)};
  const std::chrono::system_clock::time_point deadline = ctx.deadline();
  if (deadline != std::chrono::system_clock::time_point::max()) {
    out.deadline = absl::FromChrono(deadline);
  }
  return out;
}

}  // namespace civitas
