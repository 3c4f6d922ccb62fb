#include "services/gateway/openapi.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace civitas::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

Value Str(const std::string& s) {
  Value v;
  v.set_string_value(s);
  return v;
}
Value Bool(bool b) {
  Value v;
  v.set_bool_value(b);
  return v;
}
Value Obj(Struct s) {
  Value v;
  *v.mutable_struct_value() = std::move(s);
  return v;
}
Value List(std::vector<Value> items) {
  Value v;
  for (auto& i : items) *v.mutable_list_value()->add_values() = std::move(i);
  return v;
}
Struct Ref(const std::string& name) {
  Struct s;
  (*s.mutable_fields())["$ref"] = Str("#/components/schemas/" + name);
  return s;
}
Struct TypeOnly(const std::string& type, const std::string& format = "") {
  Struct s;
  (*s.mutable_fields())["type"] = Str(type);
  if (!format.empty()) (*s.mutable_fields())["format"] = Str(format);
  return s;
}

std::string Singular(const std::string& plural) {
  if (absl::EndsWith(plural, "ies")) return plural.substr(0, plural.size() - 3) + "y";
  if (absl::EndsWith(plural, "s")) return plural.substr(0, plural.size() - 1);
  return plural;
}

class SchemaBuilder {
 public:
  Struct FieldSchema(const FieldDescriptor* f) {
    if (f->is_map()) {
      Struct s = TypeOnly("object");
      (*s.mutable_fields())["additionalProperties"] =
          Obj(FieldSchema(f->message_type()->FindFieldByName("value")));
      return s;
    }
    Struct item = SingularSchema(f);
    if (!f->is_repeated()) return item;
    Struct s = TypeOnly("array");
    (*s.mutable_fields())["items"] = Obj(std::move(item));
    return s;
  }

  Struct MessageRef(const Descriptor* d) {
    Add(d);
    return Ref(d->full_name());
  }

  Struct schemas() const { return schemas_; }

 private:
  Struct SingularSchema(const FieldDescriptor* f) {
    switch (f->type()) {
      case FieldDescriptor::TYPE_STRING:
        return TypeOnly("string");
      case FieldDescriptor::TYPE_BYTES:
        return TypeOnly("string", "byte");
      case FieldDescriptor::TYPE_BOOL:
        return TypeOnly("boolean");
      case FieldDescriptor::TYPE_DOUBLE:
        return TypeOnly("number", "double");
      case FieldDescriptor::TYPE_FLOAT:
        return TypeOnly("number", "float");
      case FieldDescriptor::TYPE_INT32:
      case FieldDescriptor::TYPE_SINT32:
      case FieldDescriptor::TYPE_SFIXED32:
        return TypeOnly("integer", "int32");
      case FieldDescriptor::TYPE_UINT32:
      case FieldDescriptor::TYPE_FIXED32:
        return TypeOnly("integer", "int64");
      // proto3 JSON writes 64-bit integers as strings.
      case FieldDescriptor::TYPE_INT64:
      case FieldDescriptor::TYPE_SINT64:
      case FieldDescriptor::TYPE_SFIXED64:
      case FieldDescriptor::TYPE_UINT64:
      case FieldDescriptor::TYPE_FIXED64:
        return TypeOnly("string", "int64");
      case FieldDescriptor::TYPE_ENUM: {
        Struct s = TypeOnly("string");
        std::vector<Value> names;
        for (int i = 0; i < f->enum_type()->value_count(); ++i) {
          names.push_back(Str(f->enum_type()->value(i)->name()));
        }
        (*s.mutable_fields())["enum"] = List(std::move(names));
        return s;
      }
      case FieldDescriptor::TYPE_MESSAGE:
      case FieldDescriptor::TYPE_GROUP: {
        const std::string& name = f->message_type()->full_name();
        if (name == "google.protobuf.Timestamp") return TypeOnly("string", "date-time");
        if (name == "google.protobuf.Duration") return TypeOnly("string");
        if (name == "google.protobuf.FieldMask") return TypeOnly("string");
        if (name == "google.protobuf.Struct") return TypeOnly("object");
        return MessageRef(f->message_type());
      }
    }
    return TypeOnly("string");
  }

  void Add(const Descriptor* d) {
    if (seen_.contains(d->full_name())) return;
    seen_.insert(d->full_name());
    Struct schema = TypeOnly("object");
    Struct props;
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      (*props.mutable_fields())[f->json_name()] = Obj(FieldSchema(f));
    }
    (*schema.mutable_fields())["properties"] = Obj(std::move(props));
    (*schemas_.mutable_fields())[d->full_name()] = Obj(std::move(schema));
  }

  std::set<std::string> seen_;
  Struct schemas_;
};

Struct Param(const std::string& name, const std::string& in, bool required, Struct schema,
             const std::string& description) {
  Struct p;
  (*p.mutable_fields())["name"] = Str(name);
  (*p.mutable_fields())["in"] = Str(in);
  (*p.mutable_fields())["required"] = Bool(required);
  (*p.mutable_fields())["schema"] = Obj(std::move(schema));
  if (!description.empty()) (*p.mutable_fields())["description"] = Str(description);
  return p;
}

Struct JsonContent(Struct schema, const std::string& type = "application/json") {
  Struct media;
  (*media.mutable_fields())["schema"] = Obj(std::move(schema));
  Struct content;
  (*content.mutable_fields())[type] = Obj(std::move(media));
  return content;
}

Struct ProblemSchema() {
  Struct s = TypeOnly("object");
  Struct props;
  for (const char* k : {"type", "title", "detail", "code", "requestId"}) {
    (*props.mutable_fields())[k] = Obj(TypeOnly("string"));
  }
  (*props.mutable_fields())["status"] = Obj(TypeOnly("integer"));
  Struct violation = TypeOnly("object");
  Struct vprops;
  (*vprops.mutable_fields())["field"] = Obj(TypeOnly("string"));
  (*vprops.mutable_fields())["description"] = Obj(TypeOnly("string"));
  (*violation.mutable_fields())["properties"] = Obj(std::move(vprops));
  Struct arr = TypeOnly("array");
  (*arr.mutable_fields())["items"] = Obj(std::move(violation));
  (*props.mutable_fields())["violations"] = Obj(std::move(arr));
  (*s.mutable_fields())["properties"] = Obj(std::move(props));
  return s;
}

}  // namespace

std::string OpenApiPath(const PathTemplate& path, std::vector<std::string>* params) {
  params->clear();
  // Rebuild from the template text: replace each variable by its expanded pattern.
  std::string out;
  std::string text = path.text();
  std::string verb = path.verb().empty() ? "" : ":" + path.verb();
  if (!verb.empty()) text.resize(text.size() - verb.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '{') {
      out.push_back(text[i++]);
      continue;
    }
    size_t close = text.find('}', i);
    std::string inner = text.substr(i + 1, close - i - 1);
    std::vector<std::string> kv = absl::StrSplit(inner, absl::MaxSplits('=', 1));
    std::string pattern = kv.size() == 2 ? kv[1] : "*";
    std::string previous = "resource";
    std::vector<std::string> segs = absl::StrSplit(pattern, '/');
    for (size_t s = 0; s < segs.size(); ++s) {
      if (s > 0) out.push_back('/');
      if (segs[s] == "*" || segs[s] == "**") {
        std::string name = absl::StrCat(Singular(previous), segs[s] == "**" ? "Path" : "Id");
        params->push_back(name);
        absl::StrAppend(&out, "{", name, "}");
      } else {
        out += segs[s];
        previous = segs[s];
      }
    }
    i = close + 1;
  }
  return out + verb;
}

absl::StatusOr<std::string> BuildOpenApiJson(const RouteTable& routes, const std::string& title,
                                             const std::string& version) {
  SchemaBuilder schemas;
  Struct paths;
  std::map<std::string, int> operation_ids;
  for (const Route& r : routes.routes()) {
    std::vector<std::string> path_params;
    std::string path = OpenApiPath(r.path, &path_params);
    Struct op;
    // additional_bindings share a method: later bindings get a numbered operationId.
    int binding = operation_ids[r.method->name()]++;
    (*op.mutable_fields())["operationId"] =
        Str(binding == 0 ? r.method->name() : absl::StrCat(r.method->name(), binding + 1));
    (*op.mutable_fields())["tags"] = List({Str(r.method->service()->name())});
    (*op.mutable_fields())["summary"] =
        Str(absl::StrCat(r.method->name(), " (gRPC ", r.grpc_path, ")"));
    std::vector<Value> params;
    std::set<std::string> bound;
    for (const auto& v : r.path.variables())
      bound.insert(v.field_path.substr(0, v.field_path.find('.')));
    for (const auto& p : path_params) {
      params.push_back(Obj(Param(p, "path", true, TypeOnly("string"),
                                 "Resource id (one segment of the resource name)")));
    }
    const Descriptor* input = r.method->input_type();
    if (r.body != "*") {
      for (int i = 0; i < input->field_count(); ++i) {
        const FieldDescriptor* f = input->field(i);
        if (bound.contains(f->name()) || f->name() == r.body) continue;
        if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
            f->message_type()->full_name() != "google.protobuf.FieldMask") {
          continue;
        }
        params.push_back(Obj(Param(f->json_name(), "query", false, schemas.FieldSchema(f), "")));
      }
    }
    if (r.http_method == "PATCH" || r.http_method == "PUT" || r.http_method == "DELETE") {
      params.push_back(Obj(Param("If-Match", "header", false, TypeOnly("string"),
                                 "Apply only if the resource still has this etag (412 if not)")));
    }
    if (r.http_method == "GET" && !r.server_streaming) {
      params.push_back(
          Obj(Param("If-None-Match", "header", false, TypeOnly("string"),
                    "304 Not Modified when the resource still has one of these etags")));
    }
    if (input->FindFieldByName("request_id") != nullptr) {
      params.push_back(Obj(Param("Idempotency-Key", "header", false, TypeOnly("string"),
                                 "A retried request with the same key returns the first result")));
    }
    if (!params.empty()) (*op.mutable_fields())["parameters"] = List(std::move(params));
    if (r.http_body_request) {
      // google.api.HttpBody: the body is passed through with its own media type.
      Struct binary = TypeOnly("string");
      (*binary.mutable_fields())["format"] = Str("binary");
      Struct request_body;
      (*request_body.mutable_fields())["required"] = Bool(true);
      (*request_body.mutable_fields())["content"] = Obj(JsonContent(std::move(binary), "*/*"));
      (*op.mutable_fields())["requestBody"] = Obj(std::move(request_body));
    } else if (!r.body.empty()) {
      Struct body_schema;
      if (r.body == "*") {
        body_schema = schemas.MessageRef(input);
      } else {
        body_schema = schemas.FieldSchema(input->FindFieldByName(r.body));
      }
      Struct request_body;
      (*request_body.mutable_fields())["required"] = Bool(true);
      (*request_body.mutable_fields())["content"] = Obj(JsonContent(std::move(body_schema)));
      (*op.mutable_fields())["requestBody"] = Obj(std::move(request_body));
    }
    Struct ok;
    (*ok.mutable_fields())["description"] = Str("OK");
    const Descriptor* output = r.method->output_type();
    if (r.http_body_response) {
      // The service chooses the media type (CSV, XML, ...); streamed when the RPC streams.
      Struct binary = TypeOnly("string");
      (*binary.mutable_fields())["format"] = Str("binary");
      (*ok.mutable_fields())["description"] =
          Str("The payload as the service produces it, with its own Content-Type");
      (*ok.mutable_fields())["content"] = Obj(JsonContent(std::move(binary), "*/*"));
    } else if (r.server_streaming) {
      (*ok.mutable_fields())["description"] =
          Str("Newline-delimited JSON, one message per line, streamed; an error after the first "
              "line ends the stream with a line {\"error\": <problem>}");
      (*ok.mutable_fields())["content"] =
          Obj(JsonContent(schemas.MessageRef(output), "application/x-ndjson"));
    } else if (!r.response_body.empty()) {
      (*ok.mutable_fields())["content"] =
          Obj(JsonContent(schemas.FieldSchema(output->FindFieldByName(r.response_body))));
    } else {
      (*ok.mutable_fields())["content"] = Obj(JsonContent(schemas.MessageRef(output)));
    }
    Struct error;
    (*error.mutable_fields())["description"] =
        Str("Error as RFC 9457 problem details with the gRPC code and field violations");
    (*error.mutable_fields())["content"] =
        Obj(JsonContent(Ref("Problem"), "application/problem+json"));
    Struct responses;
    (*responses.mutable_fields())["200"] = Obj(std::move(ok));
    if (r.http_method == "GET" && !r.server_streaming) {
      Struct not_modified;
      (*not_modified.mutable_fields())["description"] = Str("Not Modified (If-None-Match)");
      (*responses.mutable_fields())["304"] = Obj(std::move(not_modified));
    }
    (*responses.mutable_fields())["default"] = Obj(std::move(error));
    (*op.mutable_fields())["responses"] = Obj(std::move(responses));

    Value& item = (*paths.mutable_fields())[path];
    std::string method = r.http_method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    (*item.mutable_struct_value()->mutable_fields())[method] = Obj(std::move(op));
  }

  Struct all_schemas = schemas.schemas();
  (*all_schemas.mutable_fields())["Problem"] = Obj(ProblemSchema());
  Struct bearer;
  (*bearer.mutable_fields())["type"] = Str("http");
  (*bearer.mutable_fields())["scheme"] = Str("bearer");
  (*bearer.mutable_fields())["bearerFormat"] = Str("JWT");
  Struct api_key;
  (*api_key.mutable_fields())["type"] = Str("apiKey");
  (*api_key.mutable_fields())["in"] = Str("header");
  (*api_key.mutable_fields())["name"] = Str("X-API-Key");
  Struct security_schemes;
  (*security_schemes.mutable_fields())["bearerAuth"] = Obj(std::move(bearer));
  (*security_schemes.mutable_fields())["apiKeyAuth"] = Obj(std::move(api_key));
  Struct components;
  (*components.mutable_fields())["schemas"] = Obj(std::move(all_schemas));
  (*components.mutable_fields())["securitySchemes"] = Obj(std::move(security_schemes));

  Struct info;
  (*info.mutable_fields())["title"] = Str(title);
  (*info.mutable_fields())["version"] = Str(version);
  (*info.mutable_fields())["description"] = Str(
      "Civitas REST API, transcoded from the gRPC services' google.api.http annotations. "
      "Anonymous callers read published records; send a bearer token or an API key to do more.");
  Struct doc;
  (*doc.mutable_fields())["openapi"] = Str("3.1.0");
  (*doc.mutable_fields())["info"] = Obj(std::move(info));
  (*doc.mutable_fields())["paths"] = Obj(std::move(paths));
  (*doc.mutable_fields())["components"] = Obj(std::move(components));
  Struct bearer_req, key_req;
  (*bearer_req.mutable_fields())["bearerAuth"] = List({});
  (*key_req.mutable_fields())["apiKeyAuth"] = List({});
  Struct anonymous;
  (*doc.mutable_fields())["security"] =
      List({Obj(std::move(bearer_req)), Obj(std::move(key_req)), Obj(std::move(anonymous))});

  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  auto status = google::protobuf::util::MessageToJsonString(doc, &json, options);
  if (!status.ok()) return absl::InternalError("cannot render the OpenAPI document");
  return json;
}

}  // namespace civitas::gateway
