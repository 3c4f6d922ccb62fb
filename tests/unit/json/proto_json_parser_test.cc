// ProtoJsonParser against protobuf's own JSON: what protobuf prints parses back to the same
// message, what protobuf rejects is rejected, and errors name the field.
#include "libs/json/proto_json_parser.h"

#include <google/protobuf/util/field_comparator.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "civitas/registry/v1/registry_service.pb.h"
#include "tests/unit/json/json_test_messages.h"

namespace civitas::json {
namespace {

using google::protobuf::Message;
using testing::Filler;
using testing::JsonTestMessages;

class ProtoJsonParserTest : public JsonTestMessages {
 protected:
  bool Equal(const Message& a, const Message& b) {
    google::protobuf::util::DefaultFieldComparator comparator;
    comparator.set_treat_nan_as_equal(true);
    google::protobuf::util::MessageDifferencer differencer;
    differencer.set_field_comparator(&comparator);
    diff_.clear();
    differencer.ReportDifferencesToString(&diff_);
    return differencer.Compare(a, b);
  }
  std::string diff_;
};

TEST_F(ProtoJsonParserTest, ParsesWhatProtobufPrints) {
  ASSERT_NE(all_, nullptr);
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    auto m = NewAll();
    Filler(seed, /*max_map_entries=*/4).Fill(m.get(), 0);
    // Struct members with non-finite numbers print as strings: leave those out of the
    // comparison by printing and parsing protobuf's way first.
    auto expected = NewAll();
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(Protobuf(*m), expected.get()).ok());
    const std::string json = Protobuf(*expected);
    auto parsed = NewAll();
    JsonParseError error;
    ASSERT_TRUE(ParseJson(json, parsed.get(), &error))
        << "seed " << seed << ": " << error.path << ": " << error.message << "\n"
        << json;
    ASSERT_TRUE(Equal(*expected, *parsed)) << "seed " << seed << "\n" << diff_ << json;
  }
}

TEST_F(ProtoJsonParserTest, AcceptsTheSameSpellingsAsProtobuf) {
  const char* const kAccepted[] = {
      R"({"f_int32": 5, "fInt64": "-7", "fUint64": 18446744073709551615})",
      R"({"fInt32": "12", "fInt64": 1e3, "fDouble": "1.5", "fFloat": "Infinity"})",
      R"({"fColor": "GREEN", "rColor": [1, "RED"], "fBool": true})",
      R"({"fBytes": "_-8=", "wBytes": "+/8="})",
      R"({"fString": "\u00e9\ud83d\ude00 \"q\" \/", "fNested": null, "rString": null})",
      R"({"time": "2024-05-01T09:30:00.5+02:00", "span": "-1.000000500s", "mask": "a.bC,d"})",
      R"({"doc": {"a": [1, "x", null, true, {"b": {}}]}, "list": [], "nothing": {}})",
      R"({"mInt32": {"-3": "RED"}, "mBool": {"true": 1}, "mInt64": {"9007199254740993": {}}})",
      R"({"wInt64": "5", "wString": "", "wBool": false, "wDouble": 0, "maybe": 0})",
      R"( { "choiceText" : "x" } )",
      // Found by json_parser_fuzzer: capitals at the start and in runs split as protobuf does.
      R"({"mask": "LegalForm,GoogleLAB,gBike,GBike,x.yZ,aBC,lega.Fe,aB.cD"})",
      // Found by json_parser_fuzzer: simdjson's get_number() read these as 0.
      R"({"fDouble": 5555555555555555555.000000000169231475676851, "fFloat": 12345678901234567.5})",
      R"({"fDouble": 99999999999999999999, "fInt64": 4503599627370496.0})",
      R"({"fDouble": 0.0009116925656223565676842, "fFloat": 0.95000000000000000000})",
      R"({"doc": {"a": [0.0009116925656223565676842, 1000000000.000000001, -0.95000000000000000000]}})",
  };
  for (const char* json : kAccepted) {
    auto theirs = NewAll();
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, theirs.get()).ok()) << json;
    auto ours = NewAll();
    JsonParseError error;
    ASSERT_TRUE(ParseJson(json, ours.get(), &error))
        << json << ": " << error.path << ": " << error.message;
    EXPECT_TRUE(Equal(*theirs, *ours)) << json << "\n" << diff_;
  }
}

TEST_F(ProtoJsonParserTest, RejectsWhatProtobufRejectsNamingTheField) {
  const std::pair<const char*, const char*> kRejected[] = {
      {R"({"nope": 1})", "nope"},
      {R"({"fInt32": 2147483648})", "f_int32"},
      {R"({"fInt32": 1.5})", "f_int32"},
      // Found by json_parser_fuzzer: read as 0 (and accepted) through simdjson's get_number().
      {R"({"fInt32": 5555555555555555555.0})", "f_int32"},
      {R"({"fColor": 5555555555555555555.000000000169})", "f_color"},
      // Found by json_parser_fuzzer: JsonUtil takes quoted integers as digits only.
      {R"({"fInt64": "15000.0"})", "f_int64"},
      {R"({"fInt32": " 12"})", "f_int32"},
      {R"({"fUint64": "1e3"})", "f_uint64"},
      {R"({"time": "2026-11-23T11:19:10.695057177z"})", "time"},
      {R"({"time": "2026-11-23T11:19:10Z  "})", "time"},
      {R"({"time": "2026-11-23T11:19:10.Z"})", "time"},
      {R"({"time": "2026"})", "time"},
      {R"({"time": "2026-11-23T11:19:60.695057177Z"})", "time"},
      {R"({"time": ""})", "time"},
      {R"({"fUint64": -1})", "f_uint64"},
      {R"({"fInt64": "12x"})", "f_int64"},
      {R"({"fString": 5})", "f_string"},
      {R"({"fColor": "BLUE"})", "f_color"},
      {R"({"fNested": {"id": 7}})", "f_nested.id"},
      {R"({"rNested": [{"id": "a"}, {"countTotal": "x"}]})", "r_nested[1].count_total"},
      {R"({"mInt32": {"x": "RED"}})", "m_int32.x"},
      {R"({"time": "2024-05-01 09:30:00"})", "time"},
      {R"({"span": "5"})", "span"},
      {R"({"choiceText": "a", "choiceNested": {}})", "choice_nested"},
      {R"({"fFloat": 1e39})", "f_float"},
      {R"({"fString": "\ud800"})", "f_string"},
      {R"({"fInt32": 01})", "f_int32"},
      {R"({"fInt32": 1} x)", ""},
      {R"([1])", ""},
      // Not JSON at all: simdjson's structural pass refuses the document before any field.
      {R"({"fString": "abc)", ""},
      {"{\"fString\": \"\xff\"}", ""},
      {R"({"fString": "\udc00"})", "f_string"},
      {R"({"fDouble": 1e999})", "f_double"},
      {R"({"fInt64": -})", "f_int64"},
      {R"({"fInt64": 9223372036854775808})", "f_int64"},
  };
  for (const auto& [json, path] : kRejected) {
    auto theirs = NewAll();
    EXPECT_FALSE(google::protobuf::util::JsonStringToMessage(json, theirs.get()).ok())
        << "protobuf accepts " << json;
    auto ours = NewAll();
    JsonParseError error;
    ASSERT_FALSE(ParseJson(json, ours.get(), &error)) << json;
    EXPECT_EQ(error.path, path) << json << ": " << error.message;
    EXPECT_FALSE(error.message.empty());
  }
}

// Deliberately stricter than protobuf: input whose meaning is unclear is refused, not guessed.
TEST_F(ProtoJsonParserTest, RefusesAmbiguousInputThatProtobufLetsThrough) {
  const std::pair<const char*, const char*> kRefused[] = {
      {R"({"rString": ["a", null]})", "r_string[1]"},  // protobuf drops the element
      {R"({"mString": {"k": null}})", "m_string.k"},   // protobuf stores ""
      {R"({"fInt32": 1, "fInt32": 2})", "f_int32"},    // protobuf keeps the last
      {R"({"fInt32": 1,})", ""},                       // not JSON
      {R"({"fBool": "yes"})", "f_bool"},               // protobuf reads a bool from any string
      {R"({"fDouble": 1.})", "f_double"},              // not a JSON number
      // Found by json_parser_fuzzer: protobuf expands `a(b,c)`, drops empty paths and keeps any
      // character; none of that names a field.
      {R"x({"mask": "a(b,c)"})x", "mask"},
      {R"({"mask": "a,,b"})", "mask"},
      {R"({"mask": "legal@form"})", "mask"},
      {R"({"mask": "a..b"})", "mask"},
      {R"({"mInt32": {" 3": "RED"}})", "m_int32. 3"},
      {R"({"mInt64": {"+3": {}}})", "m_int64.+3"},
      // Nanoseconds have nine digits; protobuf drops the rest.
      {R"({"time": "2026-11-23T11:19:10.0400100000000000006Z"})", "time"},
  };
  for (const auto& [json, path] : kRefused) {
    auto ours = NewAll();
    JsonParseError error;
    ASSERT_FALSE(ParseJson(json, ours.get(), &error)) << json;
    EXPECT_EQ(error.path, path) << json << ": " << error.message;
  }
}

TEST_F(ProtoJsonParserTest, DeepNestingIsRefusedWithoutExhaustingTheStack) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += R"({"fNested":)";
  auto ours = NewAll();
  JsonParseError error;
  EXPECT_FALSE(ParseJson(deep, ours.get(), &error));
  EXPECT_FALSE(error.message.empty());
  std::string value_deep = R"({"doc": {"a": )" + std::string(100000, '[');
  EXPECT_FALSE(ParseJson(value_deep, ours.get(), &error));
}

TEST(ProtoJsonParserGeneratedTest, ParsesARegistryCreateBody) {
  registry::v1::Organization org;
  JsonParseError error;
  ASSERT_TRUE(ParseJson(
      R"({"type":"CSO","displayName":{"hy":"Երևան","en":"Yerevan"},"territories":["territories/am"]})",
      &org, &error))
      << error.message;
  EXPECT_EQ(org.display_name().at("hy"), "Երևան");
  EXPECT_EQ(org.territories_size(), 1);
  EXPECT_FALSE(ParseJson(R"({"type":"CHARITY"})", &org, &error));
  EXPECT_EQ(error.path, "type");
  EXPECT_FALSE(ParseJson(R"({"displayName":{"en":5}})", &org, &error));
  EXPECT_EQ(error.path, "display_name.en");
}

}  // namespace
}  // namespace civitas::json
