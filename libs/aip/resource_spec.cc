#include "libs/aip/resource_spec.h"

#include "libs/aip/field_behavior.h"

namespace civitas::aip {

ResourceSpec MakeResourceSpec(const google::protobuf::Descriptor* resource, std::string collection,
                              std::string singular, std::vector<FilterField> filter_fields) {
  ResourceSpec s;
  s.collection = std::move(collection);
  s.singular = singular;
  s.event_prefix = std::move(singular);
  s.filter_fields = std::move(filter_fields);
  s.output_only = FieldsWithBehavior(resource, google::api::OUTPUT_ONLY);
  s.output_only.merge(FieldsWithBehavior(resource, google::api::IDENTIFIER));
  s.output_only.insert("etag");
  s.immutable = FieldsWithBehavior(resource, google::api::IMMUTABLE);
  return s;
}

}  // namespace civitas::aip
