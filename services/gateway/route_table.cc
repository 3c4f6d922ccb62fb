#include "services/gateway/route_table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "civitas/common/v1/access.pb.h"
#include "civitas/common/v1/media.pb.h"
#include "google/api/annotations.pb.h"
#include "libs/json/proto_json_writer.h"

namespace civitas::gateway {
namespace {

absl::Status AddRule(const google::api::HttpRule& rule,
                     const google::protobuf::MethodDescriptor* method, std::vector<Route>* out) {
  Route r;
  std::string path;
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet:
      r.http_method = "GET";
      path = rule.get();
      break;
    case google::api::HttpRule::kPost:
      r.http_method = "POST";
      path = rule.post();
      break;
    case google::api::HttpRule::kPatch:
      r.http_method = "PATCH";
      path = rule.patch();
      break;
    case google::api::HttpRule::kPut:
      r.http_method = "PUT";
      path = rule.put();
      break;
    case google::api::HttpRule::kDelete:
      r.http_method = "DELETE";
      path = rule.delete_();
      break;
    case google::api::HttpRule::kCustom:
      r.http_method = rule.custom().kind();
      path = rule.custom().path();
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(method->full_name(), ": http rule without a pattern"));
  }
  auto tmpl = PathTemplate::Parse(path);
  if (!tmpl.ok()) return tmpl.status();
  r.path = std::move(tmpl).value();
  r.method = method;
  r.body = rule.body();
  r.response_body = rule.response_body();
  if (!r.body.empty() && r.body != "*" &&
      method->input_type()->FindFieldByName(r.body) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(method->full_name(), ": body field '", r.body, "' does not exist"));
  }
  r.grpc_path = absl::StrCat("/", method->service()->full_name(), "/", method->name());
  r.label = absl::StrCat(r.http_method, " ", path);
  r.reflective_json = json::SupportsJson(method->output_type());
  r.reflective_request_json = json::SupportsJson(method->input_type());
  r.server_streaming = method->server_streaming();
  r.http_body_response = method->output_type()->full_name() == "google.api.HttpBody";
  if (r.reflective_json && !r.http_body_response && r.response_body.empty()) {
    r.wire_json = std::make_shared<const json::WireJsonWriter>(method->output_type());
  }
  if (const auto* etag = method->output_type()->FindFieldByName("etag");
      etag != nullptr && etag->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
      !etag->is_repeated()) {
    r.etag_field = etag->number();
  }
  r.response_media_type = method->options().GetExtension(civitas::common::v1::response_media_type);
  const google::protobuf::Descriptor* body_type =
      r.body == "*"    ? method->input_type()
      : r.body.empty() ? nullptr
                       : method->input_type()->FindFieldByName(r.body)->message_type();
  r.http_body_request = body_type != nullptr && body_type->full_name() == "google.api.HttpBody";
  r.allow_anonymous = method->options().GetExtension(civitas::common::v1::allow_anonymous);
  for (const std::string& media :
       method->options().GetRepeatedExtension(civitas::common::v1::request_media_types)) {
    r.request_media_types.push_back(media);
  }
  if (const std::string& lines =
          method->options().GetExtension(civitas::common::v1::response_lines);
      !lines.empty()) {
    r.response_lines = method->file()->pool()->FindMessageTypeByName(lines);
    if (r.response_lines == nullptr || !r.http_body_response || !r.server_streaming ||
        r.response_media_type != "application/x-ndjson") {
      return absl::InvalidArgumentError(
          absl::StrCat(method->full_name(), ": response_lines '", lines,
                       "' needs a message of that name and a streamed HttpBody response of "
                       "application/x-ndjson"));
    }
  }
  if (method->client_streaming()) {
    if (!r.http_body_request || r.body == "*") {
      return absl::InvalidArgumentError(
          absl::StrCat(method->full_name(),
                       ": a client-streaming method is served over REST only as an upload: its "
                       "body must be a google.api.HttpBody field"));
    }
    r.upload = true;
  }
  r.response_prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(method->output_type());
  out->push_back(std::move(r));
  for (const auto& extra : rule.additional_bindings()) {
    auto status = AddRule(extra, method, out);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RouteTable> RouteTable::Build(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services) {
  RouteTable table;
  for (const auto* service : services) {
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      // Bidirectional streams have no HTTP/1.1 mapping; client streams only as uploads.
      if (method->client_streaming() && method->server_streaming()) continue;
      if (!method->options().HasExtension(google::api::http)) continue;
      auto status =
          AddRule(method->options().GetExtension(google::api::http), method, &table.routes_);
      if (!status.ok()) return status;
    }
  }
  // Routes with a verb or more literal segments are more specific and are tried first.
  std::stable_sort(table.routes_.begin(), table.routes_.end(), [](const Route& a, const Route& b) {
    if (a.path.verb().empty() != b.path.verb().empty()) return !a.path.verb().empty();
    return a.path.literal_count() > b.path.literal_count();
  });
  auto is_literal = [](const std::string& s) { return s != "*" && s != "**"; };
  for (size_t i = 0; i < table.routes_.size(); ++i) {
    const std::vector<std::string>& segments = table.routes_[i].path.segments();
    if (segments.size() < 2 || !is_literal(segments[1])) table.any_collection_.push_back(i);
  }
  for (size_t i = 0; i < table.routes_.size(); ++i) {
    const std::vector<std::string>& segments = table.routes_[i].path.segments();
    if (segments.size() < 2 || !is_literal(segments[1])) continue;
    std::vector<size_t>& bucket = table.by_collection_[segments[1]];
    if (bucket.empty()) bucket = table.any_collection_;
    // In routes_' order: this route among the wildcard ones already there.
    bucket.insert(std::upper_bound(bucket.begin(), bucket.end(), i), i);
  }
  return table;
}

const std::vector<size_t>& RouteTable::CandidatesFor(
    absl::Span<const absl::string_view> parts) const {
  if (parts.size() < 2) return any_collection_;
  absl::string_view collection = parts[1];
  if (parts.size() == 2) collection = collection.substr(0, collection.find(':'));
  auto it = by_collection_.find(collection);
  return it == by_collection_.end() ? any_collection_ : it->second;
}

std::optional<RouteTable::MatchResult> RouteTable::Match(const std::string& method,
                                                         const std::string& path,
                                                         std::vector<std::string>* allowed) const {
  allowed->clear();
  MatchResult result;
  const std::string& wanted = method == "HEAD" ? std::string("GET") : method;
  // Split once: every route is compared with the same segments (there are ~90 routes).
  const std::vector<absl::string_view> parts = PathTemplate::Split(path);
  if (parts.empty()) return std::nullopt;
  for (size_t i : CandidatesFor(parts)) {
    const Route& r = routes_[i];
    if (!r.path.Match(parts, &result.bindings)) continue;
    if (r.http_method == wanted) {
      result.route = &r;
      return result;
    }
    if (std::find(allowed->begin(), allowed->end(), r.http_method) == allowed->end()) {
      allowed->push_back(r.http_method);
      if (r.http_method == "GET") allowed->push_back("HEAD");
    }
  }
  return std::nullopt;
}

}  // namespace civitas::gateway
