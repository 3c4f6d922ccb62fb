// Request binding on any bytes: for each registry route, path variable values, the query string,
// the body and the If-Match and Idempotency-Key headers as a client could send them, through
// BuildRequest. Besides crashes and sanitizer reports: a request that binds has only valid UTF-8
// in its string fields (the service would fail to parse it otherwise: the 501 defect), and an
// input that is refused names the parameter at fault.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <iostream>

#include "libs/common/field_violations.h"
#include "libs/json/utf8.h"
#include "services/gateway/request_transcoder.h"
#include "tests/fuzz/registry_routes.h"

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Every string in `m`, recursively, is valid UTF-8.
bool AllStringsValid(const Message& m) {
  const auto* refl = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  refl->ListFields(m, &fields);
  for (const auto* f : fields) {
    if (f->type() == FieldDescriptor::TYPE_STRING) {
      if (f->is_repeated()) {
        for (int i = 0; i < refl->FieldSize(m, f); ++i) {
          if (!civitas::json::IsValidUtf8(refl->GetRepeatedString(m, f, i))) return false;
        }
      } else if (!civitas::json::IsValidUtf8(refl->GetString(m, f))) {
        return false;
      }
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < refl->FieldSize(m, f); ++i) {
          if (!AllStringsValid(refl->GetRepeatedMessage(m, f, i))) return false;
        }
      } else if (!AllStringsValid(refl->GetMessage(m, f))) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& routes = civitas::fuzz::RegistryRoutes().routes();
  FuzzedDataProvider in(data, size);
  const auto& route = routes[in.ConsumeIntegralInRange<size_t>(0, routes.size() - 1)];
  civitas::gateway::TranscodeInput input;
  for (const auto& v : route.path.variables()) {
    input.bindings.emplace_back(v.field_path, in.ConsumeRandomLengthString(64));
  }
  input.query = in.ConsumeRandomLengthString(512);
  input.if_match = in.ConsumeRandomLengthString(32);
  input.idempotency_key = in.ConsumeRandomLengthString(32);
  input.content_type = in.ConsumeBool() ? "application/json" : in.ConsumeRandomLengthString(32);
  input.body = in.ConsumeRemainingBytesAsString();

  auto request = civitas::gateway::BuildRequest(route, input);
  if (request.ok()) {
    if (!AllStringsValid(**request)) {
      std::cerr << "bound a request with invalid UTF-8: " << (*request)->ShortDebugString();
      std::abort();
    }
    return 0;
  }
  if (request.status().code() != absl::StatusCode::kInvalidArgument ||
      civitas::FieldViolationsOf(request.status()).empty()) {
    std::cerr << "refused without naming a field: " << request.status() << "\n";
    std::abort();
  }
  return 0;
}
