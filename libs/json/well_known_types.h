// The google.protobuf well-known types that proto3 JSON writes in special forms, told apart once
// for the parser and the writer.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace civitas::json {

enum class WellKnownType {
  kNone,
  kTimestamp,
  kDuration,
  kFieldMask,
  kWrapper,
  kStruct,
  kValue,
  kList,
  kEmpty,
};

WellKnownType WellKnownTypeOf(const google::protobuf::Descriptor* type);

// True for google.protobuf.Value fields (which take JSON null as a value, not as "unset").
bool IsValueField(const google::protobuf::FieldDescriptor* field);
// True for google.protobuf.NullValue fields.
bool IsNullValueField(const google::protobuf::FieldDescriptor* field);

// A google.protobuf.FieldMask path as JSON spells it (`displayName`) in proto field names
// (`display_name`), by the rule protobuf's JsonUtil applies: an upper-case letter starts a new
// word after a lower-case letter or before one (`gBike`, `GBike` -> `g_bike`), never at the start
// (`LegalForm` -> `legal_form`, `a.Bc` -> `a.bc`), and a run of capitals at the end stays one word
// (`GoogleLAB` -> `google_lab`).
std::string FieldMaskPathToSnakeCase(absl::string_view json_path);

// False when `type` can reach a google.protobuf.Any field (which needs a type resolver: the
// caller falls back to protobuf's JsonUtil).
bool SupportsJson(const google::protobuf::Descriptor* type);

}  // namespace civitas::json
