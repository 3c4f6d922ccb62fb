#include "libs/aip/resource_names.h"

#include <cstdlib>
#include <iostream>

namespace civitas::aip {

const google::api::ResourceDescriptor& ResourceDescriptorOf(
    const google::protobuf::Descriptor* message) {
  const auto& resource = message->options().GetExtension(google::api::resource);
  if (resource.plural().empty()) {
    std::cerr << message->full_name() << " declares no google.api.resource plural\n";
    std::abort();
  }
  return resource;
}

}  // namespace civitas::aip
