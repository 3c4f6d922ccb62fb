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

}  // namespace civitas::json
