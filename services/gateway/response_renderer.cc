#include "services/gateway/response_renderer.h"

#include <google/protobuf/arena.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>
#include <google/protobuf/wire_format_lite.h>

#include "absl/strings/str_cat.h"
#include "google/api/httpbody.pb.h"
#include "libs/json/proto_json_writer.h"

namespace civitas::gateway {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr char kJson[] = "application/json";
constexpr char kNdjson[] = "application/x-ndjson";

namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com";

// The value of a top-level string field, read from wire bytes without parsing the message.
std::string ReadStringField(const std::string& bytes, int number) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  std::string out;
  while (uint32_t tag = in.ReadTag()) {
    if (google::protobuf::internal::WireFormatLite::GetTagFieldNumber(tag) == number &&
        google::protobuf::internal::WireFormatLite::GetTagWireType(tag) ==
            google::protobuf::internal::WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      uint32_t length = 0;
      if (!in.ReadVarint32(&length) || !in.ReadString(&out, static_cast<int>(length))) return "";
    } else if (!google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) {
      return "";
    }
  }
  return out;
}

}  // namespace

ResponseRenderer::ResponseRenderer()
    : resolver_(google::protobuf::util::NewTypeResolverForDescriptorPool(
          kTypeUrlPrefix, google::protobuf::DescriptorPool::generated_pool())) {}

absl::StatusOr<RenderedBody> ResponseRenderer::Render(const Route& route,
                                                      const std::string& bytes) const {
  if (route.http_body_response) return RenderHttpBody(bytes);
  auto rendered = RenderJson(route, bytes);
  if (rendered.ok()) rendered->content_type = kJson;
  return rendered;
}

absl::StatusOr<RenderedBody> ResponseRenderer::RenderStreamed(const Route& route,
                                                              const std::string& bytes) const {
  if (route.http_body_response) return RenderHttpBody(bytes);
  auto rendered = RenderJson(route, bytes);
  if (rendered.ok()) {
    rendered->content_type = kNdjson;
    rendered->body.push_back('\n');
  }
  return rendered;
}

absl::StatusOr<RenderedBody> ResponseRenderer::RenderHttpBody(const std::string& bytes) const {
  google::api::HttpBody message;
  if (!message.ParseFromString(bytes)) {
    return absl::InternalError("backend sent a response that does not parse");
  }
  RenderedBody result;
  result.content_type =
      message.content_type().empty() ? "application/octet-stream" : message.content_type();
  result.body = std::move(*message.mutable_data());
  return result;
}

absl::StatusOr<RenderedBody> ResponseRenderer::RenderJson(const Route& route,
                                                          const std::string& bytes) const {
  if (route.wire_json != nullptr) {
    RenderedBody result;
    result.body.reserve(bytes.size() * 2 + 64);
    if (route.wire_json->Append(bytes, &result.body)) {
      if (route.etag_field != 0) result.etag = ReadStringField(bytes, route.etag_field);
      return result;
    }
    // Bytes no serializer writes in this form: parsing decides what they mean.
  }
  if (route.reflective_json) return RenderByReflection(route, bytes);
  const google::protobuf::Descriptor* type = route.method->output_type();
  std::string body;
  const std::string* wire = &bytes;
  if (!route.response_body.empty()) {
    // Rare: render one field of the response. Parse to pick it out.
    const Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
    std::unique_ptr<Message> msg(prototype->New());
    const auto* f = type->FindFieldByName(route.response_body);
    if (!msg->ParseFromString(bytes) || f == nullptr ||
        f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_repeated()) {
      return absl::InternalError("backend sent a response that does not parse");
    }
    body = msg->GetReflection()->GetMessage(*msg, f).SerializeAsString();
    wire = &body;
    type = f->message_type();
  }
  RenderedBody result;
  google::protobuf::util::JsonPrintOptions options;
  auto status = google::protobuf::util::BinaryToJsonString(
      resolver_.get(), absl::StrCat(kTypeUrlPrefix, "/", type->full_name()), *wire, &result.body,
      options);
  if (!status.ok()) return absl::InternalError("cannot render the response as JSON");
  if (const auto* f = type->FindFieldByName("etag");
      f != nullptr && f->type() == FieldDescriptor::TYPE_STRING && !f->is_repeated()) {
    result.etag = ReadStringField(*wire, f->number());
  }
  return result;
}

absl::StatusOr<RenderedBody> ResponseRenderer::RenderByReflection(const Route& route,
                                                                  const std::string& bytes) const {
  // The message and its strings live in an arena whose first block is on the stack.
  alignas(8) char initial_block[8192];
  google::protobuf::ArenaOptions arena_options;
  arena_options.initial_block = initial_block;
  arena_options.initial_block_size = sizeof(initial_block);
  google::protobuf::Arena arena(arena_options);
  const Message* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(
      route.method->output_type());
  Message* message = prototype->New(&arena);
  if (!message->ParseFromString(bytes)) {
    return absl::InternalError("backend sent a response that does not parse");
  }
  const Message* rendered = message;
  if (!route.response_body.empty()) {
    const auto* f = message->GetDescriptor()->FindFieldByName(route.response_body);
    if (f == nullptr || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_repeated()) {
      return absl::InternalError("response_body names no message field");
    }
    rendered = &message->GetReflection()->GetMessage(*message, f);
  }
  RenderedBody result;
  result.body.reserve(bytes.size() * 2 + 64);
  json::AppendJson(*rendered, &result.body);
  if (const auto* f = rendered->GetDescriptor()->FindFieldByName("etag");
      f != nullptr && f->type() == FieldDescriptor::TYPE_STRING && !f->is_repeated()) {
    result.etag = rendered->GetReflection()->GetString(*rendered, f);
  }
  return result;
}

}  // namespace civitas::gateway
