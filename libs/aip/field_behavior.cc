#include "libs/aip/field_behavior.h"

namespace civitas::aip {

bool HasFieldBehavior(const google::protobuf::FieldDescriptor* field,
                      google::api::FieldBehavior behavior) {
  const google::protobuf::FieldOptions& options = field->options();
  int n = options.ExtensionSize(google::api::field_behavior);
  for (int i = 0; i < n; ++i) {
    if (options.GetExtension(google::api::field_behavior, i) == behavior) return true;
  }
  return false;
}

std::set<std::string> FieldsWithBehavior(const google::protobuf::Descriptor* message,
                                         google::api::FieldBehavior behavior) {
  std::set<std::string> names;
  for (int i = 0; i < message->field_count(); ++i) {
    if (HasFieldBehavior(message->field(i), behavior)) names.insert(message->field(i)->name());
  }
  return names;
}

}  // namespace civitas::aip
