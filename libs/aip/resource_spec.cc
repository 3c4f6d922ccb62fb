#include "libs/aip/resource_spec.h"

#include <cctype>
#include <cstdlib>
#include <iostream>

#include "libs/aip/field_behavior.h"
#include "libs/aip/resource_names.h"

namespace civitas::aip {
namespace {

// `socialService` -> `social_service`.
std::string SnakeCase(const std::string& lower_camel) {
  std::string out;
  for (char c : lower_camel) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

ResourceSpec MakeResourceSpec(const google::protobuf::Descriptor* resource,
                              std::vector<FilterField> filter_fields) {
  const google::api::ResourceDescriptor& annotation = ResourceDescriptorOf(resource);
  for (FilterField& f : filter_fields) {
    const google::protobuf::FieldDescriptor* field = resource->FindFieldByName(f.proto_field);
    if (field == nullptr) {
      std::cerr << resource->full_name() << " has no field " << f.proto_field
                << " for filter field " << f.name << "\n";
      std::abort();
    }
    if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_ENUM) {
      const google::protobuf::EnumDescriptor* e = field->enum_type();
      for (int i = 0; i < e->value_count(); ++i) f.values.push_back(e->value(i)->name());
    } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_BOOL) {
      f.values = {"true", "false"};
    }
  }
  ResourceSpec s;
  s.collection = annotation.plural();
  s.singular = SnakeCase(annotation.singular());
  s.event_prefix = s.singular;
  s.filter_fields = std::move(filter_fields);
  s.output_only = FieldsWithBehavior(resource, google::api::OUTPUT_ONLY);
  s.output_only.merge(FieldsWithBehavior(resource, google::api::IDENTIFIER));
  s.output_only.insert("etag");
  s.immutable = FieldsWithBehavior(resource, google::api::IMMUTABLE);
  return s;
}

}  // namespace civitas::aip
