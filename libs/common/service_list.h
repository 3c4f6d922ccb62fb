// The services of services/services.list, compiled in: each process takes its default addresses
// from here (its own, its peers', the gateway's backends), so that a port is written once, in the
// list. Addresses given at start-up (`peers`, `backends`) name services by these names.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace civitas {

struct DeclaredService {
  std::string name;                        // e.g. `grants`
  std::vector<std::string> grpc_services;  // e.g. `civitas.grants.v1.GrantsService`
  int grpc_port = 0;
  int metrics_port = 0;
};

// In the list's order.
const std::vector<DeclaredService>& DeclaredServices();
// Null when `name` is not in the list.
const DeclaredService* FindDeclaredService(absl::string_view name);

// `name=127.0.0.1:<grpc port>,...` for every declared service: where a local set-up (make run)
// has each of them.
std::string LocalServiceAddresses();

// Parses `name=host:port,name=host:port` (spaces around entries allowed); a service run as
// several replicas has its addresses joined by `|` (`registry=10.0.0.5:7051|10.0.0.6:7051`),
// kept so in the answer (ServiceReplicas splits them). An error names each entry that is
// malformed, names a service not in the list, or repeats one.
absl::StatusOr<std::map<std::string, std::string>> ParseServiceAddresses(absl::string_view spec);
// The replicas of an address of ParseServiceAddresses: `a|b` -> {a, b}.
std::vector<std::string> ServiceReplicas(absl::string_view address);

}  // namespace civitas
