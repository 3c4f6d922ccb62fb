// JSON Schemas (OpenAPI 3.1) for the proto messages a route reaches, as proto3 JSON writes them.
// google.api.field_behavior drives `required` (REQUIRED) and `readOnly` (OUTPUT_ONLY,
// IDENTIFIER), so generated clients type required fields as such and leave output-only fields
// out of requests. Some bodies need a variant of their message's schema (see SchemaVariant).
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>

#include <set>
#include <string>

namespace civitas::gateway {

// How a request body differs from its message's plain schema.
struct SchemaVariant {
  // Appended to the schema name ("-update"); empty for the plain schema.
  std::string suffix;
  // PATCH bodies: nothing is required (the update mask says what changes) and IMMUTABLE fields
  // are read-only as well.
  bool partial = false;
  // Top-level fields bound from the URL path, left out of the body.
  std::set<std::string> omitted;
};

class OpenApiSchemas {
 public:
  // The schema of one field (arrays and maps included); message fields are references.
  google::protobuf::Struct FieldSchema(const google::protobuf::FieldDescriptor* field);
  // A reference to the message's schema (its variant), which is added to the collection.
  google::protobuf::Struct MessageRef(const google::protobuf::Descriptor* message,
                                      const SchemaVariant& variant = {});

  // Every schema referenced so far, plus `Problem`.
  google::protobuf::Struct All() const;

 private:
  google::protobuf::Struct SingularSchema(const google::protobuf::FieldDescriptor* field);
  void Add(const google::protobuf::Descriptor* message, const SchemaVariant& variant,
           const std::string& name);

  std::set<std::string> seen_;
  google::protobuf::Struct schemas_;
};

// google.protobuf.Any as proto3 JSON writes it: `@type` and the packed message's fields.
google::protobuf::Struct AnySchema();

// `#/components/schemas/<name>` as a `$ref` object.
google::protobuf::Struct SchemaRef(const std::string& name);

// Small builders for google.protobuf.Value / Struct, shared by the document builder.
google::protobuf::Value StringValue(const std::string& s);
google::protobuf::Value BoolValue(bool b);
google::protobuf::Value StructValue(google::protobuf::Struct s);
google::protobuf::Struct TypedSchema(const std::string& type, const std::string& format = "");

}  // namespace civitas::gateway
