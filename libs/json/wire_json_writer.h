// WireJsonWriter: a serialized message as JSON straight from its wire bytes, the same text
// AppendJson writes for the parsed message, without parsing it into a message first. The gateway
// renders every response this way: parsing into an arena and walking the result by reflection
// cost it a quarter of a GET's instructions.
//
// It reads what protobuf's serializers write: known fields in field-number order, the elements
// of a repeated field together, each singular field once. Bytes that are valid protobuf but not
// in that form (fields out of order, a singular field twice, which parsing would merge, two
// members of one oneof, a map key twice), or that are malformed, are declined (Append returns false
// and leaves `out` as it was): the caller parses them and uses AppendJson, whose rules for such
// bytes are the parser's. So is a string that is not valid UTF-8, which the parser refuses for
// proto3 strings.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "libs/json/well_known_types.h"

namespace civitas::json {

class WireJsonWriter {
 public:
  // Reads serialized `type`s, which must satisfy SupportsJson(type) (a well-known type is
  // declined whole). Well-known types other than
  // Timestamp (rare in responses) are parsed with prototypes from `factory` (the generated one by
  // default; messages from a DynamicMessageFactory's pool need that factory) and written by
  // AppendJson. Immutable once built: one writer serves every thread.
  explicit WireJsonWriter(const google::protobuf::Descriptor* type,
                          google::protobuf::MessageFactory* factory = nullptr);
  ~WireJsonWriter();

  // Appends the JSON of `wire`; false, with `out` unchanged, for bytes it declines (above).
  bool Append(absl::string_view wire, std::string* out) const;

  struct MessageTable;

 private:
  const MessageTable* TableOf(const google::protobuf::Descriptor* type);

  google::protobuf::MessageFactory* const factory_;
  absl::flat_hash_map<const google::protobuf::Descriptor*, std::unique_ptr<MessageTable>> tables_;
  const MessageTable* root_ = nullptr;
};

}  // namespace civitas::json
