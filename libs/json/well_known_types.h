// The google.protobuf well-known types that proto3 JSON writes in special forms, told apart once
// for the parser and the writer.
#pragma once

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

// False when `type` can reach a google.protobuf.Any field (which needs a type resolver: the
// caller falls back to protobuf's JsonUtil).
bool SupportsJson(const google::protobuf::Descriptor* type);

}  // namespace civitas::json
