// ProtoJsonParser: proto3 JSON into a message, by reflection, accepting what protobuf's JsonUtil
// accepts (lowerCamelCase or original field names, 64-bit integers as strings or numbers, enums
// by name or number, bytes as standard or URL-safe base64, null for "unset", the well-known
// types in their special forms) and rejecting unknown fields. Tokenizing, number parsing,
// unescaping and UTF-8 validation are simdjson's (On-Demand); this walks its values into the
// message. Stricter than protobuf where input is ambiguous: duplicate keys, null inside arrays
// and as a map value are refused. Errors name the field by its JSON path in proto field names
// (`contact.email_address`, `territories[2]`), so the caller can report the field at fault.
// protobuf's own parser converts every descriptor into google.protobuf.Type objects on each
// call. Requires SupportsJson(type) (no google.protobuf.Any).
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace civitas::json {

// A JSON error located at a field.
struct JsonParseError {
  // Path of the field at fault in proto field names (`display_name`, `territories[2]`, map keys
  // as path segments); empty for the document as a whole (it is not JSON at all).
  std::string path;
  std::string message;
};

// Merges `json` (an object) into `message`. On error `message` is left partly filled and `error`
// says where and what.
bool ParseJson(absl::string_view json, google::protobuf::Message* message, JsonParseError* error);

}  // namespace civitas::json
