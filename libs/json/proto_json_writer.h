// ProtoJsonWriter: a message as canonical proto3 JSON, byte for byte what protobuf's JsonUtil
// prints with default options (lowerCamelCase names, fields holding default values omitted,
// 64-bit integers as strings, enums by name, bytes as base64, the well-known types in their
// special forms, the same string escaping), except that map entries come out sorted by key.
// It walks the message by reflection; JsonUtil instead converts the descriptors into
// google.protobuf.Type objects on every call, which cost the gateway more than the rest of a
// request. google.protobuf.Any is not supported: SupportsJson says so up front.
#pragma once

#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "libs/json/well_known_types.h"

namespace civitas::json {

// Appends `message` as JSON. Requires SupportsJson(message.GetDescriptor()).
void AppendJson(const google::protobuf::Message& message, std::string* out);

}  // namespace civitas::json
