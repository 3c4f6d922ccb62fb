// The path template parser and the router on any bytes: templates as a service's
// google.api.http annotation could spell them, and request paths against the registry's routes.
// A parsed template must match the path it expands to in the OpenAPI document shape.
#include <fuzzer/FuzzedDataProvider.h>

#include "services/gateway/openapi.h"
#include "services/gateway/path_template.h"
#include "tests/fuzz/registry_routes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kMethods[] = {"GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", "TRACE"};
  FuzzedDataProvider in(data, size);
  const char* method = kMethods[in.ConsumeIntegralInRange<size_t>(0, std::size(kMethods) - 1)];
  const std::string text = in.ConsumeRandomLengthString(256);
  const std::string path = in.ConsumeRemainingBytesAsString();

  std::vector<std::pair<std::string, std::string>> bindings;
  auto tmpl = civitas::gateway::PathTemplate::Parse(text);
  if (tmpl.ok()) {
    tmpl->Match(path, &bindings);
    std::vector<std::string> params;
    civitas::gateway::OpenApiPath(*tmpl, &params);
    tmpl->literal_count();
  }
  std::vector<std::string> allowed;
  auto match = civitas::fuzz::RegistryRoutes().Match(method, path, &allowed);
  if (match.has_value() && match->route == nullptr) std::abort();
  civitas::gateway::PercentDecode(path, &bindings.emplace_back().second);
  return 0;
}
