#include "services/gateway/openapi_schemas.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_behavior.h"

namespace civitas::gateway {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Struct;
using google::protobuf::Value;

Value StringValue(const std::string& s) {
  Value v;
  v.set_string_value(s);
  return v;
}

Value BoolValue(bool b) {
  Value v;
  v.set_bool_value(b);
  return v;
}

Value StructValue(Struct s) {
  Value v;
  *v.mutable_struct_value() = std::move(s);
  return v;
}

Struct TypedSchema(const std::string& type, const std::string& format) {
  Struct s;
  (*s.mutable_fields())["type"] = StringValue(type);
  if (!format.empty()) (*s.mutable_fields())["format"] = StringValue(format);
  return s;
}

Struct SchemaRef(const std::string& name) {
  Struct s;
  (*s.mutable_fields())["$ref"] = StringValue("#/components/schemas/" + name);
  return s;
}

namespace {

Value StringList(const std::vector<std::string>& items) {
  Value v;
  for (const auto& i : items) *v.mutable_list_value()->add_values() = StringValue(i);
  return v;
}

// RFC 9457 problem details as the gateway writes them.
Struct ProblemSchema() {
  Struct s = TypedSchema("object");
  (*s.mutable_fields())["description"] = StringValue(
      "RFC 9457 problem details with the gRPC code, the correlation id (also the X-Request-Id "
      "header) to quote in support requests, "
      "and, for invalid input, the first 20 field violations (the detail counts the rest)");
  Struct props;
  for (const char* k : {"type", "title", "detail", "correlationId"}) {
    (*props.mutable_fields())[k] = StructValue(TypedSchema("string"));
  }
  Struct code = TypedSchema("string");
  (*code.mutable_fields())["description"] = StringValue("gRPC status code name, e.g. NOT_FOUND");
  (*props.mutable_fields())["code"] = StructValue(std::move(code));
  (*props.mutable_fields())["status"] = StructValue(TypedSchema("integer", "int32"));
  Struct violation = TypedSchema("object");
  Struct vprops;
  Struct field = TypedSchema("string");
  (*field.mutable_fields())["description"] =
      StringValue("Path of the offending field or parameter, e.g. organization.display_name");
  (*vprops.mutable_fields())["field"] = StructValue(std::move(field));
  (*vprops.mutable_fields())["description"] = StructValue(TypedSchema("string"));
  (*violation.mutable_fields())["properties"] = StructValue(std::move(vprops));
  (*violation.mutable_fields())["required"] = StringList({"field", "description"});
  Struct arr = TypedSchema("array");
  (*arr.mutable_fields())["items"] = StructValue(std::move(violation));
  (*arr.mutable_fields())["maxItems"].set_number_value(20);
  (*props.mutable_fields())["violations"] = StructValue(std::move(arr));
  (*s.mutable_fields())["properties"] = StructValue(std::move(props));
  (*s.mutable_fields())["required"] =
      StringList({"type", "title", "status", "detail", "code", "correlationId"});
  return s;
}

}  // namespace

Struct OpenApiSchemas::FieldSchema(const FieldDescriptor* f) {
  if (f->is_map()) {
    Struct s = TypedSchema("object");
    (*s.mutable_fields())["additionalProperties"] =
        StructValue(FieldSchema(f->message_type()->FindFieldByName("value")));
    return s;
  }
  Struct item = SingularSchema(f);
  if (!f->is_repeated()) return item;
  Struct s = TypedSchema("array");
  (*s.mutable_fields())["items"] = StructValue(std::move(item));
  return s;
}

Struct OpenApiSchemas::MessageRef(const Descriptor* d, const SchemaVariant& variant) {
  const std::string name = d->full_name() + variant.suffix;
  Add(d, variant, name);
  return SchemaRef(name);
}

Struct OpenApiSchemas::All() const {
  Struct all = schemas_;
  (*all.mutable_fields())["Problem"] = StructValue(ProblemSchema());
  return all;
}

Struct OpenApiSchemas::SingularSchema(const FieldDescriptor* f) {
  switch (f->type()) {
    case FieldDescriptor::TYPE_STRING:
      return TypedSchema("string");
    case FieldDescriptor::TYPE_BYTES:
      return TypedSchema("string", "byte");
    case FieldDescriptor::TYPE_BOOL:
      return TypedSchema("boolean");
    case FieldDescriptor::TYPE_DOUBLE:
      return TypedSchema("number", "double");
    case FieldDescriptor::TYPE_FLOAT:
      return TypedSchema("number", "float");
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_SFIXED32:
      return TypedSchema("integer", "int32");
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_FIXED32:
      return TypedSchema("integer", "int64");
    // proto3 JSON writes 64-bit integers as strings.
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_SFIXED64:
    case FieldDescriptor::TYPE_UINT64:
    case FieldDescriptor::TYPE_FIXED64:
      return TypedSchema("string", "int64");
    case FieldDescriptor::TYPE_ENUM: {
      Struct s = TypedSchema("string");
      std::vector<std::string> names;
      for (int i = 0; i < f->enum_type()->value_count(); ++i) {
        names.push_back(f->enum_type()->value(i)->name());
      }
      (*s.mutable_fields())["enum"] = StringList(names);
      return s;
    }
    case FieldDescriptor::TYPE_MESSAGE:
    case FieldDescriptor::TYPE_GROUP: {
      const std::string& name = f->message_type()->full_name();
      if (name == "google.protobuf.Timestamp") return TypedSchema("string", "date-time");
      if (name == "google.protobuf.Duration") return TypedSchema("string");
      if (name == "google.protobuf.FieldMask") return TypedSchema("string");
      if (name == "google.protobuf.Struct") return TypedSchema("object");
      if (name == "google.protobuf.Any") return AnySchema();
      return MessageRef(f->message_type());
    }
  }
  return TypedSchema("string");
}

void OpenApiSchemas::Add(const Descriptor* d, const SchemaVariant& variant,
                         const std::string& name) {
  if (!seen_.insert(name).second) return;
  Struct schema = TypedSchema("object");
  Struct props;
  std::vector<std::string> required;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (variant.omitted.contains(f->name())) continue;
    Struct field = FieldSchema(f);
    const bool immutable = aip::HasFieldBehavior(f, google::api::IMMUTABLE);
    if (aip::HasFieldBehavior(f, google::api::OUTPUT_ONLY) ||
        aip::HasFieldBehavior(f, google::api::IDENTIFIER) || (variant.partial && immutable)) {
      (*field.mutable_fields())["readOnly"] = BoolValue(true);
    }
    if (immutable) {
      (*field.mutable_fields())["description"] =
          StringValue("Immutable: set on create, cannot change afterwards.");
    }
    if (!variant.partial && aip::HasFieldBehavior(f, google::api::REQUIRED)) {
      required.push_back(f->json_name());
    }
    (*props.mutable_fields())[f->json_name()] = StructValue(std::move(field));
  }
  (*schema.mutable_fields())["properties"] = StructValue(std::move(props));
  if (!required.empty()) (*schema.mutable_fields())["required"] = StringList(required);
  if (variant.partial) {
    (*schema.mutable_fields())["description"] = StringValue(
        absl::StrCat(d->full_name(),
                     " as an update: only the fields named in updateMask change (all the "
                     "fields sent when it is empty)."));
  }
  (*schemas_.mutable_fields())[name] = StructValue(std::move(schema));
}

Struct AnySchema() {
  // proto3 JSON: the packed message's own fields beside `@type`, its type URL.
  Struct s = TypedSchema("object");
  Struct props;
  Struct type = TypedSchema("string");
  (*type.mutable_fields())["description"] = StringValue(
      "The type URL of the message whose fields follow, e.g. "
      "type.googleapis.com/civitas.monitoring.v1.ImportSummary");
  (*props.mutable_fields())["@type"] = StructValue(std::move(type));
  (*s.mutable_fields())["properties"] = StructValue(std::move(props));
  (*s.mutable_fields())["required"] = StringList({"@type"});
  (*s.mutable_fields())["additionalProperties"] = BoolValue(true);
  return s;
}

}  // namespace civitas::gateway
