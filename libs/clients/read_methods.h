// ReadMethodsOf: the methods of a gRPC service that only read, known from the protos: those
// whose google.api.http rule is a GET (safe by HTTP's and AIP-131/132's definition). These are
// the methods a client may retry.
#pragma once

#include <string>
#include <vector>

namespace civitas::clients {

// `service`: the full name, e.g. `civitas.registry.v1.RegistryService`, of a service compiled
// into this binary; empty when unknown.
std::vector<std::string> ReadMethodsOf(const std::string& service);

}  // namespace civitas::clients
