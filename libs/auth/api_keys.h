// API keys for machine clients such as the ministry's data warehouse. Keys are kept only as
// SHA-256 digests, so a memory dump or log line never reveals one.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/auth/principal.h"

namespace civitas {

// ApiKeyStore maps key digests to principals. Immutable after Parse; thread-safe.
class ApiKeyStore {
 public:
  // `spec` is `;`-separated entries `key|subject|role[,role...][|organization]`.
  static absl::StatusOr<ApiKeyStore> Parse(absl::string_view spec);
  std::optional<Principal> Lookup(absl::string_view key) const;
  size_t size() const { return by_digest_.size(); }

 private:
  std::map<std::string, Principal> by_digest_;
};

}  // namespace civitas
