// The JSON-to-proto parser (libs/json) on any bytes, into messages of every shape request bodies
// have (maps, repeated messages, enums, 64-bit integers, timestamps, field masks, Struct).
// Besides crashes and sanitizer reports, two properties are checked:
// - what the parser accepts, protobuf's own JsonUtil accepts too, into the same message (ours is
//   documented as the same grammar, only stricter);
// - what it accepts, written back by the writer, parses again into the same message.
#include <fuzzer/FuzzedDataProvider.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "civitas/registry/v1/registry_service.pb.h"
#include "libs/json/proto_json_parser.h"
#include "libs/json/proto_json_writer.h"

namespace {

namespace v1 = civitas::registry::v1;
using google::protobuf::Message;

[[noreturn]] void Finding(const char* what, absl::string_view input, const Message& ours,
                          const Message* theirs = nullptr) {
  std::cerr << what << "\ninput: " << input << "\nours: " << ours.ShortDebugString() << "\n";
  if (theirs != nullptr) std::cerr << "JsonUtil: " << theirs->ShortDebugString() << "\n";
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Message* const kPrototypes[] = {
      &v1::Organization::default_instance(),
      &v1::SocialService::default_instance(),
      &v1::Partnership::default_instance(),
      &v1::Territory::default_instance(),
      &v1::UpdateOrganizationRequest::default_instance(),
      &v1::SetSocialServiceAccreditationRequest::default_instance(),
      &google::protobuf::Struct::default_instance(),
  };
  FuzzedDataProvider in(data, size);
  const Message& prototype =
      *kPrototypes[in.ConsumeIntegralInRange<size_t>(0, std::size(kPrototypes) - 1)];
  const std::string json = in.ConsumeRemainingBytesAsString();

  std::unique_ptr<Message> ours(prototype.New());
  civitas::json::JsonParseError error;
  if (!civitas::json::ParseJson(json, ours.get(), &error)) return 0;

  std::unique_ptr<Message> theirs(prototype.New());
  if (!google::protobuf::util::JsonStringToMessage(json, theirs.get()).ok()) {
    Finding("ParseJson accepted what protobuf's JsonUtil refuses", json, *ours);
  }
  if (!google::protobuf::util::MessageDifferencer::Equals(*ours, *theirs)) {
    Finding("ParseJson and JsonUtil read different messages", json, *ours, theirs.get());
  }
  std::string written;
  civitas::json::AppendJson(*ours, &written);
  std::unique_ptr<Message> again(prototype.New());
  if (!civitas::json::ParseJson(written, again.get(), &error)) {
    Finding("the writer's output does not parse", written, *ours);
  }
  if (!google::protobuf::util::MessageDifferencer::Equals(*ours, *again)) {
    Finding("parse(write(m)) != m", written, *ours);
  }
  return 0;
}
