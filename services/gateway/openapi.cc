#include "services/gateway/openapi.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/longrunning/operations.pb.h"
#include "libs/aip/field_behavior.h"
#include "services/gateway/openapi_schemas.h"

namespace civitas::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Struct;
using google::protobuf::Value;

Value List(std::vector<Value> items) {
  Value v;
  for (auto& i : items) *v.mutable_list_value()->add_values() = std::move(i);
  return v;
}

// English plurals of collection ids: policies, addresses, batches, boxes, echoes, statuses, cases.
std::string Singular(const std::string& plural) {
  if (absl::EndsWith(plural, "ies")) return plural.substr(0, plural.size() - 3) + "y";
  for (const char* es : {"sses", "shes", "ches", "xes", "zes", "oes", "uses"}) {
    if (absl::EndsWith(plural, es)) return plural.substr(0, plural.size() - 2);
  }
  if (absl::EndsWith(plural, "s")) return plural.substr(0, plural.size() - 1);
  return plural;
}

Struct Param(const std::string& name, const std::string& in, bool required, Struct schema,
             const std::string& description) {
  Struct p;
  (*p.mutable_fields())["name"] = StringValue(name);
  (*p.mutable_fields())["in"] = StringValue(in);
  (*p.mutable_fields())["required"] = BoolValue(required);
  (*p.mutable_fields())["schema"] = StructValue(std::move(schema));
  if (!description.empty()) (*p.mutable_fields())["description"] = StringValue(description);
  return p;
}

Struct Content(Struct schema, const std::string& media_type) {
  Struct media;
  (*media.mutable_fields())["schema"] = StructValue(std::move(schema));
  Struct content;
  (*content.mutable_fields())[media_type] = StructValue(std::move(media));
  return content;
}

// The message type `name` of an operation_info, unqualified names in `method`'s package.
const google::protobuf::Descriptor* OperationType(const google::protobuf::MethodDescriptor* method,
                                                  const std::string& name) {
  if (name.empty()) return nullptr;
  const auto* pool = method->file()->pool();
  if (const auto* d = pool->FindMessageTypeByName(name)) return d;
  return pool->FindMessageTypeByName(absl::StrCat(method->file()->package(), ".", name));
}

// google.longrunning.Operation with its `metadata` and `response` typed: by the method's
// operation_info, or, for a method that reads operations (GetOperation), by that of the
// service's methods that start them when they all start the same kind.
Struct OperationSchema(const google::protobuf::MethodDescriptor* method, OpenApiSchemas* schemas) {
  std::set<std::pair<std::string, std::string>> kinds;
  auto kind_of = [](const google::protobuf::MethodDescriptor* m) {
    const auto& info = m->options().GetExtension(google::longrunning::operation_info);
    return std::make_pair(info.response_type(), info.metadata_type());
  };
  if (method->options().HasExtension(google::longrunning::operation_info)) {
    kinds.insert(kind_of(method));
  } else {
    const auto* service = method->service();
    for (int i = 0; i < service->method_count(); ++i) {
      if (service->method(i)->options().HasExtension(google::longrunning::operation_info)) {
        kinds.insert(kind_of(service->method(i)));
      }
    }
  }
  Struct base = schemas->MessageRef(method->output_type());
  if (kinds.size() != 1) return base;
  const google::protobuf::Descriptor* response = OperationType(method, kinds.begin()->first);
  const google::protobuf::Descriptor* metadata = OperationType(method, kinds.begin()->second);
  auto typed_any = [schemas](const google::protobuf::Descriptor* d) {
    Struct s;
    std::vector<Value> all;
    all.push_back(StructValue(AnySchema()));
    all.push_back(StructValue(schemas->MessageRef(d)));
    *(*s.mutable_fields())["allOf"].mutable_list_value()->mutable_values() = {all.begin(),
                                                                              all.end()};
    return s;
  };
  Struct typed = TypedSchema("object");
  Struct props;
  if (response != nullptr) (*props.mutable_fields())["response"] = StructValue(typed_any(response));
  if (metadata != nullptr) (*props.mutable_fields())["metadata"] = StructValue(typed_any(metadata));
  (*typed.mutable_fields())["properties"] = StructValue(std::move(props));
  Struct s;
  std::vector<Value> all = {StructValue(std::move(base)), StructValue(std::move(typed))};
  *(*s.mutable_fields())["allOf"].mutable_list_value()->mutable_values() = {all.begin(), all.end()};
  return s;
}

Struct Header(const std::string& description) {
  Struct h;
  (*h.mutable_fields())["description"] = StringValue(description);
  (*h.mutable_fields())["schema"] = StructValue(TypedSchema("string"));
  return h;
}

// The errors the gateway answers, as components/responses; each operation refers to those it can
// give. Every one is application/problem+json with the request id.
struct ErrorResponse {
  const char* status;
  const char* name;
  const char* description;
};
constexpr ErrorResponse kErrors[] = {
    {"400", "BadRequest",
     "Invalid input: a path or query parameter, header or body field is malformed (including "
     "invalid UTF-8) or breaks a rule; `violations` name each field. Nothing was changed."},
    {"401", "Unauthorized",
     "No valid credentials: the operation needs a bearer token or an API key, or the ones sent "
     "are invalid or expired."},
    {"403", "Forbidden", "The caller's role or organisation may not do this."},
    {"404", "NotFound",
     "No such resource, or none the caller may see (drafts of other organisations)."},
    {"409", "Conflict",
     "The resource already exists (a create with a taken id), or it changed since it was read "
     "(stale etag sent in the body)."},
    {"412", "PreconditionFailed", "If-Match no longer matches the resource's etag."},
    {"413", "ContentTooLarge", "The request body exceeds the gateway's limit."},
    {"415", "UnsupportedMediaType", "The request body is not application/json."},
    {"422", "IdempotencyKeyReused",
     "The Idempotency-Key was already used by this caller for a different request (another id, "
     "body or target); nothing was changed. Retry with the first request exactly, or use a new "
     "key."},
    {"429", "TooManyRequests",
     "The caller's rate limit is spent; retry after Retry-After seconds."},
    {"502", "BadGateway", "The backend service answered something the gateway cannot use."},
    {"503", "ServiceUnavailable",
     "The backend service or its store cannot be reached (a service whose Redis does not answer "
     "refuses at once); nothing was changed, unless the detail says the outcome is unknown. "
     "Reads and writes with an Idempotency-Key may be retried after Retry-After seconds."},
    {"504", "GatewayTimeout", "The backend service did not answer in time."},
};

Struct ErrorResponses() {
  Struct responses;
  for (const ErrorResponse& e : kErrors) {
    Struct r;
    (*r.mutable_fields())["description"] = StringValue(e.description);
    (*r.mutable_fields())["content"] =
        StructValue(Content(SchemaRef("Problem"), "application/problem+json"));
    Struct headers;
    if (std::string(e.status) == "401") {
      (*headers.mutable_fields())["WWW-Authenticate"] =
          StructValue(Header("The scheme to authenticate with"));
    }
    if (std::string(e.status) == "429" || std::string(e.status) == "503") {
      (*headers.mutable_fields())["Retry-After"] =
          StructValue(Header("Seconds until the caller may try again"));
    }
    if (!headers.fields().empty()) (*r.mutable_fields())["headers"] = StructValue(headers);
    (*responses.mutable_fields())[e.name] = StructValue(std::move(r));
  }
  Struct unexpected;
  (*unexpected.mutable_fields())["description"] = StringValue("Unexpected error");
  (*unexpected.mutable_fields())["content"] =
      StructValue(Content(SchemaRef("Problem"), "application/problem+json"));
  (*responses.mutable_fields())["Unexpected"] = StructValue(std::move(unexpected));
  return responses;
}

Value ResponseRef(const std::string& name) {
  Struct s;
  (*s.mutable_fields())["$ref"] = StringValue("#/components/responses/" + name);
  return StructValue(std::move(s));
}

Value SecurityRequirement(const std::string& scheme) {
  Struct s;
  // No scopes: an empty list (a Value with no kind set would not be written at all).
  if (!scheme.empty()) (*s.mutable_fields())[scheme].mutable_list_value();
  return StructValue(std::move(s));
}

Struct BinarySchema() { return TypedSchema("string", "binary"); }

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
    if (close == std::string::npos) break;  // Parse refuses these; never loop on one
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

absl::StatusOr<std::string> BuildOpenApiJson(const RouteTable& routes, const OpenApiInfo& info) {
  OpenApiSchemas schemas;
  Struct paths;
  std::map<std::string, int> operation_ids;
  std::map<std::string, std::string> tags;
  for (const Route& r : routes.routes()) {
    std::vector<std::string> path_params;
    std::string path = OpenApiPath(r.path, &path_params);
    const Descriptor* input = r.method->input_type();
    const Descriptor* output = r.method->output_type();
    const bool is_get = r.http_method == "GET";
    const bool partial = r.http_method == "PATCH";
    // The transcoder puts If-Match into the request's `etag`: a change whose request has one
    // (a delete, a custom method such as `:close`) or an update of a resource that has one (its
    // body). A create's body has one too, which it ignores (there is nothing to match yet).
    const FieldDescriptor* body_field =
        r.body.empty() || r.body == "*" ? nullptr : input->FindFieldByName(r.body);
    const bool takes_if_match =
        !is_get && (input->FindFieldByName("etag") != nullptr ||
                    ((partial || r.http_method == "PUT") && body_field != nullptr &&
                     body_field->message_type() != nullptr &&
                     body_field->message_type()->FindFieldByName("etag") != nullptr));
    tags[r.method->service()->name()] = r.method->service()->full_name();
    Struct op;
    // additional_bindings share a method: later bindings get a numbered operationId.
    int binding = operation_ids[r.method->name()]++;
    (*op.mutable_fields())["operationId"] =
        StringValue(binding == 0 ? r.method->name() : absl::StrCat(r.method->name(), binding + 1));
    (*op.mutable_fields())["tags"] = List({StringValue(r.method->service()->name())});
    (*op.mutable_fields())["summary"] =
        StringValue(absl::StrCat(r.method->name(), " (gRPC ", r.grpc_path, ")"));

    // Parameters: the path's ids, the request's scalar fields not in the body, and headers.
    std::vector<Value> params;
    std::set<std::string> bound;
    for (const auto& v : r.path.variables()) {
      bound.insert(v.field_path.substr(0, v.field_path.find('.')));
    }
    for (const auto& p : path_params) {
      params.push_back(StructValue(Param(p, "path", true, TypedSchema("string"),
                                         "Resource id (one segment of the resource name)")));
    }
    if (r.body != "*") {
      for (int i = 0; i < input->field_count(); ++i) {
        const FieldDescriptor* f = input->field(i);
        if (bound.contains(f->name()) || f->name() == r.body) continue;
        // Messages cannot be query parameters, but for the two the transcoder reads from one.
        if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
            f->message_type()->full_name() != "google.protobuf.FieldMask" &&
            f->message_type()->full_name() != "google.protobuf.Timestamp") {
          continue;
        }
        params.push_back(StructValue(Param(f->json_name(), "query",
                                           aip::HasFieldBehavior(f, google::api::REQUIRED),
                                           schemas.FieldSchema(f), "")));
      }
    }
    if (takes_if_match) {
      params.push_back(StructValue(Param("If-Match", "header", false, TypedSchema("string"),
                                         "Apply only if the resource still has this etag (412 "
                                         "if not)")));
    }
    if (is_get && !r.server_streaming) {
      params.push_back(
          StructValue(Param("If-None-Match", "header", false, TypedSchema("string"),
                            "304 Not Modified when the resource still has one of these etags")));
    }
    const bool takes_idempotency_key = input->FindFieldByName("request_id") != nullptr;
    if (takes_idempotency_key) {
      params.push_back(StructValue(
          Param("Idempotency-Key", "header", false, TypedSchema("string"),
                "A retry of the same request with the same key changes nothing more and answers "
                "with the record as it is now; the same key with a different request is 422")));
    }
    if (!params.empty()) (*op.mutable_fields())["parameters"] = List(std::move(params));

    // The request body.
    bool json_body = false;
    if (r.http_body_request) {
      // google.api.HttpBody: the body is passed through with its own media type.
      Struct request_body;
      (*request_body.mutable_fields())["required"] = BoolValue(true);
      Struct content;
      for (const std::string& media : r.request_media_types) {
        // A JSON upload is any JSON document (as HttpBody JSON responses are): validating
        // proxies parse it as JSON rather than refusing it as not a string.
        Struct one = Content(media == "application/json" ? Struct() : BinarySchema(), media);
        for (auto& [k, v] : one.fields()) (*content.mutable_fields())[k] = v;
      }
      if (r.request_media_types.empty()) content = Content(BinarySchema(), "*/*");
      (*request_body.mutable_fields())["content"] = StructValue(std::move(content));
      (*op.mutable_fields())["requestBody"] = StructValue(std::move(request_body));
    } else if (!r.body.empty()) {
      json_body = true;
      Struct body_schema;
      if (r.body == "*") {
        // Fields bound from the path are not repeated in the body.
        SchemaVariant variant{partial ? "-update" : (bound.empty() ? "" : "-body"), partial, bound};
        body_schema = schemas.MessageRef(input, variant);
      } else {
        const FieldDescriptor* f = input->FindFieldByName(r.body);
        if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !f->is_repeated()) {
          body_schema = schemas.MessageRef(f->message_type(),
                                           SchemaVariant{partial ? "-update" : "", partial, {}});
        } else {
          body_schema = schemas.FieldSchema(f);
        }
      }
      Struct request_body;
      (*request_body.mutable_fields())["required"] = BoolValue(true);
      (*request_body.mutable_fields())["content"] =
          StructValue(Content(std::move(body_schema), "application/json"));
      (*op.mutable_fields())["requestBody"] = StructValue(std::move(request_body));
    }

    // Responses: 200 in its media type, 304 for conditional GETs, and every error it can give.
    Struct ok;
    (*ok.mutable_fields())["description"] = StringValue("OK");
    const google::protobuf::Descriptor* lines = r.response_lines != nullptr ? r.response_lines
                                                : r.server_streaming && !r.http_body_response
                                                    ? output
                                                    : nullptr;
    if (lines != nullptr) {
      (*ok.mutable_fields())["description"] = StringValue(
          "Newline-delimited JSON, one message per line, streamed; an error after the first "
          "line ends the stream with a line {\"error\": <Problem>}");
      // OpenAPI 3.1 has no schema for the items of a sequential media type (3.2 adds
      // itemSchema): a schema here would describe the whole body, which validating proxies then
      // parse as one JSON value and refuse. The body is text; x-item-schema names each line's.
      Struct text = TypedSchema("string");
      (*text.mutable_fields())["description"] = StringValue(absl::StrCat(
          "Newline-delimited JSON: each line one ", lines->full_name(), " (see x-item-schema)"));
      Struct media;
      (*media.mutable_fields())["schema"] = StructValue(std::move(text));
      (*media.mutable_fields())["x-item-schema"] = StructValue(schemas.MessageRef(lines));
      Struct content;
      (*content.mutable_fields())["application/x-ndjson"] = StructValue(std::move(media));
      (*ok.mutable_fields())["content"] = StructValue(std::move(content));
    } else if (r.http_body_response) {
      // The service chooses the media type (CSV, XML, ...); streamed when the RPC streams.
      (*ok.mutable_fields())["description"] =
          StringValue("The payload as the service produces it, with its own Content-Type");
      if (r.response_media_type == "application/json") {
        // Any JSON document: a schema-free body that validating proxies parse as JSON.
        (*ok.mutable_fields())["content"] = StructValue(Content(Struct(), r.response_media_type));
      } else if (!r.response_media_type.empty()) {
        (*ok.mutable_fields())["content"] =
            StructValue(Content(TypedSchema("string"), r.response_media_type));
      } else {
        (*ok.mutable_fields())["content"] = StructValue(Content(BinarySchema(), "*/*"));
      }
    } else if (!r.response_body.empty()) {
      (*ok.mutable_fields())["content"] = StructValue(Content(
          schemas.FieldSchema(output->FindFieldByName(r.response_body)), "application/json"));
    } else if (output->full_name() == "google.longrunning.Operation") {
      (*ok.mutable_fields())["content"] =
          StructValue(Content(OperationSchema(r.method, &schemas), "application/json"));
    } else {
      (*ok.mutable_fields())["content"] =
          StructValue(Content(schemas.MessageRef(output), "application/json"));
      if (output->FindFieldByName("etag") != nullptr) {
        Struct headers;
        (*headers.mutable_fields())["ETag"] = StructValue(
            Header("The resource's etag, quoted; send it back as If-Match or If-None-Match"));
        (*ok.mutable_fields())["headers"] = StructValue(std::move(headers));
      }
    }
    Struct responses;
    (*responses.mutable_fields())["200"] = StructValue(std::move(ok));
    if (is_get && !r.server_streaming) {
      Struct not_modified;
      (*not_modified.mutable_fields())["description"] =
          StringValue("Not Modified: If-None-Match names the resource's current etag");
      (*responses.mutable_fields())["304"] = StructValue(std::move(not_modified));
    }
    for (const ErrorResponse& e : kErrors) {
      const std::string status = e.status;
      // 403 and 404 on every route: a method open to anonymous callers still refuses some
      // questions (analytics of an org unit the caller may not read), and one without a name in
      // its path still names records in its query or body (an unknown indicator).
      const bool gives = status == "409"   ? !is_get
                         : status == "412" ? takes_if_match
                         : status == "413" ? !r.body.empty()
                         : status == "415" ? json_body
                         : status == "422" ? takes_idempotency_key
                                           : true;
      if (gives) (*responses.mutable_fields())[status] = ResponseRef(e.name);
    }
    (*responses.mutable_fields())["default"] = ResponseRef("Unexpected");
    (*op.mutable_fields())["responses"] = StructValue(std::move(responses));

    // Credentials: a bearer token or an API key; none for methods open to anonymous callers.
    std::vector<Value> security = {SecurityRequirement("bearerAuth"),
                                   SecurityRequirement("apiKeyAuth")};
    if (r.allow_anonymous) security.push_back(SecurityRequirement(""));
    (*op.mutable_fields())["security"] = List(std::move(security));

    Value& item = (*paths.mutable_fields())[path];
    std::string method = r.http_method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    (*item.mutable_struct_value()->mutable_fields())[method] = StructValue(std::move(op));
  }

  Struct bearer;
  (*bearer.mutable_fields())["type"] = StringValue("http");
  (*bearer.mutable_fields())["scheme"] = StringValue("bearer");
  (*bearer.mutable_fields())["bearerFormat"] = StringValue("JWT");
  Struct api_key;
  (*api_key.mutable_fields())["type"] = StringValue("apiKey");
  (*api_key.mutable_fields())["in"] = StringValue("header");
  (*api_key.mutable_fields())["name"] = StringValue("X-API-Key");
  (*api_key.mutable_fields())["description"] = StringValue(
      "Machine clients (the warehouse, partner systems); `Authorization: ApiKey "
      "<key>` is accepted too");
  Struct security_schemes;
  (*security_schemes.mutable_fields())["bearerAuth"] = StructValue(std::move(bearer));
  (*security_schemes.mutable_fields())["apiKeyAuth"] = StructValue(std::move(api_key));
  Struct components;
  (*components.mutable_fields())["schemas"] = StructValue(schemas.All());
  (*components.mutable_fields())["responses"] = StructValue(ErrorResponses());
  (*components.mutable_fields())["securitySchemes"] = StructValue(std::move(security_schemes));

  Struct doc_info;
  (*doc_info.mutable_fields())["title"] = StringValue(info.title);
  (*doc_info.mutable_fields())["version"] = StringValue(info.version);
  (*doc_info.mutable_fields())["description"] = StringValue(
      "Civitas REST API, transcoded from the gRPC services' google.api.http annotations. "
      "Anonymous callers read published records; send a bearer token or an API key to do more.");
  std::vector<Value> servers;
  for (const std::string& url :
       info.server_urls.empty() ? std::vector<std::string>{"/"} : info.server_urls) {
    Struct server;
    (*server.mutable_fields())["url"] = StringValue(url);
    servers.push_back(StructValue(std::move(server)));
  }
  std::vector<Value> tag_list;
  for (const auto& [name, full_name] : tags) {
    Struct tag;
    (*tag.mutable_fields())["name"] = StringValue(name);
    (*tag.mutable_fields())["description"] = StringValue(absl::StrCat("gRPC service ", full_name));
    tag_list.push_back(StructValue(std::move(tag)));
  }
  Struct doc;
  (*doc.mutable_fields())["openapi"] = StringValue("3.1.0");
  (*doc.mutable_fields())["info"] = StructValue(std::move(doc_info));
  (*doc.mutable_fields())["servers"] = List(std::move(servers));
  (*doc.mutable_fields())["tags"] = List(std::move(tag_list));
  (*doc.mutable_fields())["paths"] = StructValue(std::move(paths));
  (*doc.mutable_fields())["components"] = StructValue(std::move(components));

  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(doc, &json);
  if (!status.ok()) return absl::InternalError("cannot render the OpenAPI document");
  return json;
}

}  // namespace civitas::gateway
