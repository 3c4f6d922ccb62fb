#include "libs/json/well_known_types.h"

#include <set>

namespace civitas::json {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

bool ReachesAny(const Descriptor* type, std::set<const Descriptor*>* seen) {
  if (!seen->insert(type).second) return false;
  if (type->full_name() == "google.protobuf.Any") return true;
  for (int i = 0; i < type->field_count(); ++i) {
    const Descriptor* child = type->field(i)->message_type();
    if (child != nullptr && ReachesAny(child, seen)) return true;
  }
  return false;
}

}  // namespace

WellKnownType WellKnownTypeOf(const Descriptor* d) {
  if (d->file()->package() != "google.protobuf") return WellKnownType::kNone;
  const std::string& n = d->name();
  if (n == "Timestamp") return WellKnownType::kTimestamp;
  if (n == "Duration") return WellKnownType::kDuration;
  if (n == "FieldMask") return WellKnownType::kFieldMask;
  if (n == "Struct") return WellKnownType::kStruct;
  if (n == "Value") return WellKnownType::kValue;
  if (n == "ListValue") return WellKnownType::kList;
  if (n == "Empty") return WellKnownType::kEmpty;
  if (n == "DoubleValue" || n == "FloatValue" || n == "Int64Value" || n == "UInt64Value" ||
      n == "Int32Value" || n == "UInt32Value" || n == "BoolValue" || n == "StringValue" ||
      n == "BytesValue") {
    return WellKnownType::kWrapper;
  }
  return WellKnownType::kNone;
}

bool IsValueField(const FieldDescriptor* f) {
  return f->message_type() != nullptr && f->message_type()->full_name() == "google.protobuf.Value";
}

bool IsNullValueField(const FieldDescriptor* f) {
  return f->enum_type() != nullptr && f->enum_type()->full_name() == "google.protobuf.NullValue";
}

bool SupportsJson(const Descriptor* type) {
  std::set<const Descriptor*> seen;
  return !ReachesAny(type, &seen);
}

// Written here rather than calling FieldMaskUtil: FieldMaskUtil's conversion (`googleLAB` ->
// `google_l_a_b`, `GBike` -> `_g_bike`) is not the one protobuf's own JSON parser applies
// (`google_lab`, `g_bike`), whose converter is not a public header; the differential test
// ProtoJsonParserTest.AcceptsTheSameSpellingsAsProtobuf pins this one to the parser's.
std::string FieldMaskPathToSnakeCase(absl::string_view json_path) {
  std::string out;
  out.reserve(json_path.size() * 2);
  bool after_word_char = false;  // the previous character was not '_' or '.' (nor the start)
  bool after_lower = false;      // the previous character was not an upper-case letter
  for (size_t i = 0; i < json_path.size(); ++i) {
    const char c = json_path[i];
    if (c >= 'A' && c <= 'Z') {
      const bool lower_follows =
          i + 1 < json_path.size() && json_path[i + 1] >= 'a' && json_path[i + 1] <= 'z';
      if (after_word_char && (after_lower || lower_follows)) out.push_back('_');
      out.push_back(static_cast<char>(c - 'A' + 'a'));
      after_word_char = true;
      after_lower = false;
    } else {
      out.push_back(c);
      // Each dot-separated name is converted on its own.
      after_word_char = c != '_' && c != '.';
      after_lower = true;
    }
  }
  return out;
}

}  // namespace civitas::json
