// RegistryReferences: the registry records an advocacy record names, each asked once per request:
// a missing one is a violation naming the field, a registry that cannot answer is the error
// itself (the write does not go ahead on a guess).
#pragma once

#include <map>
#include <string>

#include "absl/status/status.h"
#include "libs/clients/registry_client.h"
#include "libs/common/field_violations.h"

namespace civitas::advocacy {

class RegistryReferences {
 public:
  RegistryReferences(clients::RegistryClient* registry, const clients::CallContext& call)
      : registry_(registry), call_(call) {}
  // `organizations/{organization}` is registered (a malformed name is left to field checks).
  absl::Status Organization(const std::string& name, const std::string& field, Violations* v);
  // `territories/{territory}` is registered (as above).
  absl::Status Territory(const std::string& name, const std::string& field, Violations* v);

 private:
  clients::RegistryClient* const registry_;
  const clients::CallContext& call_;
  // Names asked already, and whether each was found.
  std::map<std::string, bool> known_;
};

}  // namespace civitas::advocacy
