// AIP-203 field behaviours read from the `google.api.field_behavior` annotations of the protos, so
// the services' update rules and the gateway's OpenAPI document follow one declaration.
#pragma once

#include <google/protobuf/descriptor.h>

#include <set>
#include <string>

#include "google/api/field_behavior.pb.h"

namespace civitas::aip {

bool HasFieldBehavior(const google::protobuf::FieldDescriptor* field,
                      google::api::FieldBehavior behavior);

// Names (proto, not JSON) of the fields of `message` annotated with `behavior`.
std::set<std::string> FieldsWithBehavior(const google::protobuf::Descriptor* message,
                                         google::api::FieldBehavior behavior);

}  // namespace civitas::aip
