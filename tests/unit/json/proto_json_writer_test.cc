// Differential test: ProtoJsonWriter against protobuf's own JSON printer, over a message with
// every field kind and the well-known types, filled at random.
#include "libs/json/proto_json_writer.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/field_comparator.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <random>

#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/resources.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/unit/json/json_test_messages.h"

namespace civitas::json {
namespace {

using testing::Filler;
using testing::JsonTestMessages;

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

class ProtoJsonWriterTest : public JsonTestMessages {};

TEST_F(ProtoJsonWriterTest, EmptyMessage) {
  ASSERT_NE(all_, nullptr);
  auto m = NewAll();
  EXPECT_EQ(Ours(*m), Protobuf(*m));
  EXPECT_EQ(Ours(*m), "{}");
}

// With at most one entry per map the output must match protobuf's byte for byte.
TEST_F(ProtoJsonWriterTest, MatchesProtobufByteForByte) {
  ASSERT_NE(all_, nullptr);
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    auto m = NewAll();
    Filler(seed, /*max_map_entries=*/1).Fill(m.get(), 0);
    ASSERT_EQ(Ours(*m), Protobuf(*m)) << "seed " << seed;
  }
}

// With several map entries the key order differs (ours is sorted); the JSON must still parse
// back to the same message.
TEST_F(ProtoJsonWriterTest, MapsRoundTrip) {
  ASSERT_NE(all_, nullptr);
  for (uint64_t seed = 1000; seed < 1100; ++seed) {
    auto m = NewAll();
    Filler(seed, /*max_map_entries=*/5).Fill(m.get(), 0);
    auto back = NewAll();
    const std::string json = Ours(*m);
    auto s = google::protobuf::util::JsonStringToMessage(json, back.get());
    ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << json;
    google::protobuf::util::DefaultFieldComparator comparator;
    comparator.set_treat_nan_as_equal(true);
    google::protobuf::util::MessageDifferencer differencer;
    differencer.set_field_comparator(&comparator);
    std::string diff;
    differencer.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differencer.Compare(*m, *back)) << "seed " << seed << "\n" << diff;
  }
}

TEST_F(ProtoJsonWriterTest, MapKeysAreSorted) {
  auto m = NewAll();
  const auto* f = all_->FindFieldByName("m_string");
  for (const char* key : {"hy", "en", "ro"}) {
    Message* entry = m->GetReflection()->AddMessage(m.get(), f);
    entry->GetReflection()->SetString(entry, entry->GetDescriptor()->field(0), key);
    entry->GetReflection()->SetString(entry, entry->GetDescriptor()->field(1), key);
  }
  EXPECT_EQ(Ours(*m), R"({"mString":{"en":"en","hy":"hy","ro":"ro"}})");
}

TEST(ProtoJsonWriterSupportTest, RejectsTypesThatReachAny) {
  EXPECT_TRUE(SupportsJson(registry::v1::Organization::descriptor()));
  EXPECT_FALSE(SupportsJson(google::rpc::Status::descriptor()));
}

TEST(ProtoJsonWriterGeneratedTest, MatchesProtobufForARegistryResource) {
  registry::v1::Organization org;
  org.set_name("organizations/ngo-1");
  (*org.mutable_display_name())["hy"] = "Երևան <CSO>";
  org.mutable_create_time()->set_seconds(1700000000);
  org.mutable_create_time()->set_nanos(5000000);
  org.set_etag("v3");
  std::string theirs;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(org, &theirs).ok());
  std::string ours;
  AppendJson(org, &ours);
  EXPECT_EQ(ours, theirs);
}

}  // namespace
}  // namespace civitas::json
