#include "services/gateway/request_transcoder.h"

#include <google/protobuf/arena.h>
#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <google/protobuf/util/type_resolver_util.h>
#include <google/protobuf/wire_format_lite.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "libs/common/field_violations.h"
#include "libs/json/proto_json_parser.h"
#include "libs/json/utf8.h"
#include "libs/json/well_known_types.h"
#include "services/gateway/conditional_requests.h"

namespace civitas::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

absl::Status Violation(const std::string& field, const std::string& why) {
  return InvalidArgumentError({{field, why}});
}

const FieldDescriptor* FindField(const Message& m, const std::string& name) {
  const auto* d = m.GetDescriptor();
  if (const auto* f = d->FindFieldByName(name)) return f;
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->json_name() == name) return d->field(i);
  }
  return nullptr;
}

// The field a dotted parameter (`page.size`, `page_size`) names, and its path in proto names;
// null when it names none.
const FieldDescriptor* LeafField(const Message& root, const std::string& path,
                                 std::string* proto_path) {
  const Message* m = &root;
  const FieldDescriptor* f = nullptr;
  proto_path->clear();
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (m == nullptr) return nullptr;
    f = FindField(*m, std::string(part));
    if (f == nullptr) return nullptr;
    absl::StrAppend(proto_path, proto_path->empty() ? "" : ".", f->name());
    m = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !f->is_repeated()
            ? &m->GetReflection()->GetMessage(*m, f)
            : nullptr;
  }
  return f;
}

absl::Status SetScalar(Message* m, const FieldDescriptor* f, const std::string& value,
                       const std::string& param) {
  // Every value from the path or the query, whatever field it lands in (strings, field masks).
  if (!json::IsValidUtf8(value)) return Violation(param, "is not valid UTF-8");
  const auto* r = m->GetReflection();
  bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      rep ? r->AddString(m, f, value) : r->SetString(m, f, value);
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t v;
      if (!absl::SimpleAtoi(value, &v)) return Violation(param, "must be an integer");
      rep ? r->AddInt32(m, f, v) : r->SetInt32(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t v;
      if (!absl::SimpleAtoi(value, &v)) return Violation(param, "must be an integer");
      rep ? r->AddInt64(m, f, v) : r->SetInt64(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t v;
      if (!absl::SimpleAtoi(value, &v)) return Violation(param, "must be a non-negative integer");
      rep ? r->AddUInt32(m, f, v) : r->SetUInt32(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t v;
      if (!absl::SimpleAtoi(value, &v)) return Violation(param, "must be a non-negative integer");
      rep ? r->AddUInt64(m, f, v) : r->SetUInt64(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double v;
      if (!absl::SimpleAtod(value, &v)) return Violation(param, "must be a number");
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
        rep ? r->AddDouble(m, f, v) : r->SetDouble(m, f, v);
      } else {
        rep ? r->AddFloat(m, f, static_cast<float>(v)) : r->SetFloat(m, f, static_cast<float>(v));
      }
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool v;
      if (value == "true" || value == "1") {
        v = true;
      } else if (value == "false" || value == "0") {
        v = false;
      } else {
        return Violation(param, "must be true or false");
      }
      rep ? r->AddBool(m, f, v) : r->SetBool(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* ev = f->enum_type()->FindValueByName(value);
      int number = 0;
      if (ev == nullptr && absl::SimpleAtoi(value, &number)) {
        ev = f->enum_type()->FindValueByNumber(number);
      }
      if (ev == nullptr)
        return Violation(param, absl::StrCat("'", value, "' is not a known value"));
      rep ? r->AddEnum(m, f, ev) : r->SetEnum(m, f, ev);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (f->message_type()->full_name() == "google.protobuf.FieldMask" && !rep) {
        auto* mask = static_cast<google::protobuf::FieldMask*>(r->MutableMessage(m, f));
        for (absl::string_view p : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
          mask->add_paths(json::FieldMaskPathToSnakeCase(absl::StripAsciiWhitespace(p)));
        }
        return absl::OkStatus();
      }
      // A time filter (`lastUpdated=2024-05-01T00:00:00Z`), as grpc-gateway reads one.
      if (f->message_type()->full_name() == "google.protobuf.Timestamp" && !rep) {
        auto* t = static_cast<google::protobuf::Timestamp*>(r->MutableMessage(m, f));
        if (!google::protobuf::util::TimeUtil::FromString(value, t)) {
          return Violation(param, "must be an RFC 3339 time, e.g. 2024-05-01T00:00:00Z");
        }
        return absl::OkStatus();
      }
      return Violation(param, "cannot be set from a query parameter");
  }
  return Violation(param, "unsupported field type");
}

// Sets `path` (dot-separated proto or JSON names) on `root` to `value`.
absl::Status SetPath(Message* root, const std::string& path, const std::string& value,
                     const std::string& param) {
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  Message* m = root;
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* f = FindField(*m, parts[i]);
    if (f == nullptr) return Violation(param, "is not a field of this request");
    if (i + 1 == parts.size()) return SetScalar(m, f, value, param);
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_repeated()) {
      return Violation(param, "is not a field of this request");
    }
    m = m->GetReflection()->MutableMessage(m, f);
  }
  return absl::OkStatus();
}

bool SetStringFieldIfPresent(Message* m, const std::string& name, const std::string& value) {
  const auto* f = m->GetDescriptor()->FindFieldByName(name);
  if (f == nullptr || f->cpp_type() != FieldDescriptor::CPPTYPE_STRING || f->is_repeated()) {
    return false;
  }
  m->GetReflection()->SetString(m, f, value);
  return true;
}

}  // namespace

bool ParseQuery(const std::string& query, std::vector<std::pair<std::string, std::string>>* out) {
  out->clear();
  for (absl::string_view kv : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(kv, absl::MaxSplits('=', 1));
    std::string key, value;
    for (char& c : parts[0]) c = c == '+' ? ' ' : c;
    if (!PercentDecode(parts[0], &key)) return false;
    if (parts.size() == 2) {
      for (char& c : parts[1]) c = c == '+' ? ' ' : c;
      if (!PercentDecode(parts[1], &value)) return false;
    }
    out->emplace_back(std::move(key), std::move(value));
  }
  return true;
}

absl::StatusOr<std::unique_ptr<Message>> BuildRequest(const Route& route,
                                                      const TranscodeInput& in) {
  // Header values land in proto strings: they must be UTF-8 (a proto3 string that is not cannot
  // be parsed by the service).
  if (!json::IsValidUtf8(in.if_match)) return Violation("If-Match", "is not valid UTF-8");
  if (!json::IsValidUtf8(in.idempotency_key)) {
    return Violation("Idempotency-Key", "is not valid UTF-8");
  }
  const Message* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(
      route.method->input_type());
  std::unique_ptr<Message> msg(prototype->New());
  google::protobuf::util::JsonParseOptions json_options;
  json_options.ignore_unknown_fields = false;

  const bool has_body = !absl::StripAsciiWhitespace(in.body).empty();
  if (route.http_body_request) {
    // The body is passed through as it came, with its media type.
    Message* target = msg.get();
    if (route.body != "*") {
      target = msg->GetReflection()->MutableMessage(
          msg.get(), msg->GetDescriptor()->FindFieldByName(route.body));
    }
    const auto* d = target->GetDescriptor();
    target->GetReflection()->SetString(target, d->FindFieldByName("content_type"), in.content_type);
    target->GetReflection()->SetString(target, d->FindFieldByName("data"), in.body);
  } else if (!route.body.empty() && has_body) {
    Message* target = msg.get();
    std::string field = "body";
    if (route.body != "*") {
      const FieldDescriptor* f = msg->GetDescriptor()->FindFieldByName(route.body);
      field = route.body;
      if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        return absl::InternalError("non-message body fields are not supported");
      }
      target = msg->GetReflection()->MutableMessage(msg.get(), f);
    }
    if (route.reflective_request_json) {
      json::JsonParseError error;
      if (!json::ParseJson(in.body, target, &error)) {
        // Name the field at fault, in the request's own terms (`organization.displayName`).
        std::string at = error.path.empty()  ? field
                         : route.body == "*" ? error.path
                                             : absl::StrCat(field, ".", error.path);
        return Violation(at, error.message);
      }
    } else {
      auto status = google::protobuf::util::JsonStringToMessage(in.body, target, json_options);
      if (!status.ok()) {
        return Violation(field, absl::StrCat("is not valid JSON for this request: ",
                                             std::string(status.message())));
      }
    }
  }
  for (const auto& [path, value] : in.bindings) {
    auto status = SetPath(msg.get(), path, value, path);
    if (!status.ok()) return status;
  }
  if (route.body != "*") {
    std::vector<std::pair<std::string, std::string>> params;
    if (!ParseQuery(in.query, &params)) {
      return Violation("query", "has a malformed percent-escape");
    }
    // A parameter of a singular field given twice is refused, not resolved by order: with
    // `dryRun=true&dryRun=false` the last would otherwise win, and the import be real.
    // Fields are told apart by their proto path, whichever spelling names them (`dryRun`,
    // `dry_run`); one bound from the URL path is given already. A field mask's paths add up.
    absl::flat_hash_set<std::string> singular_seen;
    std::string proto_path;
    for (const auto& [path, value] : in.bindings) {
      if (LeafField(*msg, path, &proto_path) != nullptr) singular_seen.insert(proto_path);
    }
    for (const auto& [key, value] : params) {
      if (!json::IsValidUtf8(key))
        return Violation("query", "has a parameter name that is not UTF-8");
      if (const FieldDescriptor* leaf = LeafField(*msg, key, &proto_path);
          leaf != nullptr && !leaf->is_repeated() &&
          !(leaf->message_type() != nullptr &&
            leaf->message_type()->full_name() == "google.protobuf.FieldMask") &&
          !singular_seen.insert(proto_path).second) {
        return Violation(key, "is given twice; it takes one value");
      }
      std::string top = key.substr(0, key.find('.'));
      const FieldDescriptor* tf = FindField(*msg, top);
      if (tf != nullptr && !route.body.empty() && tf->name() == route.body) {
        return Violation(key, "is carried in the request body, not the query");
      }
      auto status = SetPath(msg.get(), key, value, key);
      if (!status.ok()) return status;
    }
  } else if (!absl::StripAsciiWhitespace(in.query).empty()) {
    // Every field of this request is in its body: a parameter in the query would be silently
    // dropped (a `requestId` there would not make a retry safe), so it is refused.
    std::vector<std::pair<std::string, std::string>> params;
    const std::string first =
        ParseQuery(in.query, &params) && !params.empty() && json::IsValidUtf8(params.front().first)
            ? params.front().first
            : std::string("query");
    return Violation(first,
                     "is not a query parameter of this method: every field goes in the JSON body");
  }
  // `If-Match: *` asks only that the resource exist (RFC 9110 13.1.1), which every change of a
  // named record requires anyway: no etag to compare.
  if (!in.if_match.empty() && absl::StripAsciiWhitespace(in.if_match) != "*") {
    std::string etag = EtagValue(in.if_match);
    if (!SetStringFieldIfPresent(msg.get(), "etag", etag) && !route.body.empty() &&
        route.body != "*") {
      const FieldDescriptor* f = msg->GetDescriptor()->FindFieldByName(route.body);
      SetStringFieldIfPresent(msg->GetReflection()->MutableMessage(msg.get(), f), "etag", etag);
    }
  }
  if (!in.idempotency_key.empty()) {
    // One key per request: a different requestId beside the header is refused, never replaced
    // (a retry sending both would otherwise write twice).
    const FieldDescriptor* f = msg->GetDescriptor()->FindFieldByName("request_id");
    if (f != nullptr && f->cpp_type() == FieldDescriptor::CPPTYPE_STRING && !f->is_repeated()) {
      const std::string given = msg->GetReflection()->GetString(*msg, f);
      if (!given.empty() && given != in.idempotency_key) {
        return Violation("Idempotency-Key",
                         "differs from the request's requestId; send the key once, in either");
      }
    }
    SetStringFieldIfPresent(msg.get(), "request_id", in.idempotency_key);
  }
  return msg;
}

}  // namespace civitas::gateway
