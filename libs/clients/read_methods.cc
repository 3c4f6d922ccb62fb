#include "libs/clients/read_methods.h"

#include <google/protobuf/descriptor.h>

#include "google/api/annotations.pb.h"

namespace civitas::clients {

std::vector<std::string> ReadMethodsOf(const std::string& service) {
  std::vector<std::string> reads;
  const google::protobuf::ServiceDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
  if (descriptor == nullptr) {
    return reads;
  }
  for (int i = 0; i < descriptor->method_count(); ++i) {
    const google::protobuf::MethodDescriptor* method = descriptor->method(i);
    if (method->options().GetExtension(google::api::http).has_get()) {
      reads.push_back(method->name());
    }
  }
  return reads;
}

}  // namespace civitas::clients
