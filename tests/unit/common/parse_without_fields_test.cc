#include "libs/common/parse_without_fields.h"

#include <gtest/gtest.h>

#include <string>

#include "civitas/monitoring/v1/resources.pb.h"
#include "google/protobuf/util/message_differencer.h"

namespace civitas {
namespace {

using google::protobuf::util::MessageDifferencer;
using monitoring::v1::Submission;

constexpr int kAudit = Submission::kAuditFieldNumber;

Submission Sample() {
  Submission s;
  s.set_name("submissions/s-1");
  s.set_data_set("dataSets/monthly");
  s.set_org_unit("organizations/o-1");
  s.set_period("202403");
  s.add_org_unit_path("territories/am");
  s.add_org_unit_path("territories/am-sy");
  for (int i = 0; i < 3; ++i) {
    auto* v = s.add_values();
    v->set_indicator("indicators/i-" + std::to_string(i));
    v->add_category_options("FEMALE");
    v->set_value(std::to_string(10 * i));
    v->mutable_update_time()->set_seconds(1700000000 + i);
    auto* c = s.add_audit();
    c->set_indicator(v->indicator());
    c->set_combination("FEMALE");
    c->set_new_value(v->value());
    c->set_changed_by("users/u-1");
    c->mutable_change_time()->set_seconds(1700000000 + i);
  }
  s.add_deleted_values()->set_indicator("indicators/gone");
  (*s.mutable_org_unit_snapshot()->mutable_display_name())["en"] = "Goris";
  s.mutable_update_time()->set_seconds(1700000100);
  s.set_etag("W/\"3\"");
  return s;
}

TEST(ParseWithoutFieldsTest, LeavesOutTheSkippedFieldAndKeepsTheRest) {
  const Submission s = Sample();
  Submission expected = s;
  expected.clear_audit();
  Submission out;
  ASSERT_TRUE(ParseWithoutFields(s.SerializeAsString(), {kAudit}, &out));
  EXPECT_TRUE(MessageDifferencer::Equals(out, expected)) << out.DebugString();
}

TEST(ParseWithoutFieldsTest, SkippingNothingIsAWholeParse) {
  const Submission s = Sample();
  Submission out;
  ASSERT_TRUE(ParseWithoutFields(s.SerializeAsString(), {}, &out));
  EXPECT_TRUE(MessageDifferencer::Equals(out, s));
}

TEST(ParseWithoutFieldsTest, ClearsWhatTheMessageHeldBefore) {
  Submission out = Sample();
  Submission small;
  small.set_period("2024");
  ASSERT_TRUE(ParseWithoutFields(small.SerializeAsString(), {kAudit}, &out));
  EXPECT_TRUE(MessageDifferencer::Equals(out, small)) << out.DebugString();
}

TEST(ParseWithoutFieldsTest, FieldsAroundAndBetweenSkippedOnesMergeAsAWholeParse) {
  // Wire forms concatenated: the skipped field in several places, a singular field given twice
  // (the last wins) and repeated fields continued after a skipped run.
  Submission a = Sample();
  Submission b;
  b.add_audit()->set_indicator("indicators/between");
  Submission c;
  c.set_period("202404");
  c.add_values()->set_indicator("indicators/after");
  c.add_audit()->set_indicator("indicators/last");
  const std::string bytes =
      b.SerializeAsString() + a.SerializeAsString() + b.SerializeAsString() + c.SerializeAsString();
  Submission whole;
  ASSERT_TRUE(whole.ParseFromString(bytes));
  whole.clear_audit();
  Submission out;
  ASSERT_TRUE(ParseWithoutFields(bytes, {kAudit}, &out));
  EXPECT_TRUE(MessageDifferencer::Equals(out, whole)) << out.DebugString();
  EXPECT_EQ(out.period(), "202404");
  EXPECT_EQ(out.values_size(), 4);
}

TEST(ParseWithoutFieldsTest, EveryTruncationFailsWhereAWholeParseFails) {
  const std::string bytes = Sample().SerializeAsString();
  int refused = 0;
  for (size_t n = 0; n <= bytes.size(); ++n) {
    const std::string prefix = bytes.substr(0, n);
    Submission whole;
    Submission out;
    const bool parsed = whole.ParseFromString(prefix);
    EXPECT_EQ(ParseWithoutFields(prefix, {kAudit}, &out), parsed) << "prefix of " << n;
    if (!parsed) ++refused;
    if (parsed) {
      whole.clear_audit();
      EXPECT_TRUE(MessageDifferencer::Equals(out, whole)) << "prefix of " << n;
    }
  }
  EXPECT_GT(refused, static_cast<int>(bytes.size()) / 2);
}

TEST(ParseWithoutFieldsTest, RefusesInvalidTextInAKeptFieldAndAZeroTag) {
  Submission bad;
  bad.set_period(
      std::string("20\xff"
                  "03"));
  Submission out;
  EXPECT_FALSE(ParseWithoutFields(bad.SerializePartialAsString(), {kAudit}, &out));
  const std::string zero_tag = Sample().SerializeAsString() + std::string(1, '\0');
  EXPECT_FALSE(ParseWithoutFields(zero_tag, {kAudit}, &out));
  // A tag whose varint never ends.
  EXPECT_FALSE(ParseWithoutFields(std::string(11, '\xff'), {kAudit}, &out));
}

TEST(ParseWithoutFieldsTest, RefusesASkippedFieldFramedLongerThanTheParserReads) {
  // An empty change in field 12 (tag 0x62, length 0): as written, with its tag padded to six
  // bytes, with its length padded to six bytes. A whole parse takes the first and refuses both
  // padded forms.
  const std::string sample = Sample().SerializeAsString();
  const std::string plain = sample + std::string("\x62\x00", 2);
  const std::string long_tag = sample + std::string("\xe2\x80\x80\x80\x80\x00\x00", 7);
  const std::string long_length = sample + std::string("\x62\x80\x80\x80\x80\x80\x00", 7);
  Submission out;
  Submission whole;
  EXPECT_TRUE(whole.ParseFromString(plain));
  EXPECT_TRUE(ParseWithoutFields(plain, {kAudit}, &out));
  EXPECT_FALSE(whole.ParseFromString(long_tag));
  EXPECT_FALSE(ParseWithoutFields(long_tag, {kAudit}, &out));
  EXPECT_FALSE(whole.ParseFromString(long_length));
  EXPECT_FALSE(ParseWithoutFields(long_length, {kAudit}, &out));
}

}  // namespace
}  // namespace civitas
