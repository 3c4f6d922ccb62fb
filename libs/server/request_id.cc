#include "libs/server/request_id.h"

#include <algorithm>

namespace civitas {

std::string RequestIdOf(const grpc::ServerContextBase& ctx) {
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

}  // namespace civitas
