// The registry's route table, built once per fuzzer process from the generated descriptors (as
// the gateway builds it at start-up).
#pragma once

#include <cstdlib>
#include <iostream>

#include "civitas/registry/v1/registry_service.grpc.pb.h"
#include "services/gateway/route_table.h"

namespace civitas::fuzz {

inline const gateway::RouteTable& RegistryRoutes() {
  static const gateway::RouteTable* const kTable = [] {
    auto table = gateway::RouteTable::Build(
        {google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            registry::v1::RegistryService::service_full_name())});
    if (!table.ok()) {
      std::cerr << table.status() << "\n";
      std::abort();
    }
    return new gateway::RouteTable(std::move(table).value());
  }();
  return *kTable;
}

}  // namespace civitas::fuzz
