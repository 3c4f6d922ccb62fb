#include "libs/aip/field_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/protobuf/type.pb.h"

namespace civitas::aip {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Fields(const Violations& v) {
  std::vector<std::string> out;
  for (const auto& item : v.items()) out.push_back(item.field);
  return out;
}

TEST(FieldChecksTest, DatesAreRealCalendarDays) {
  EXPECT_TRUE(IsValidDate("2024-02-29"));
  EXPECT_FALSE(IsValidDate("2023-02-29"));
  EXPECT_FALSE(IsValidDate("2024-2-01"));
  EXPECT_FALSE(IsValidDate("20240201"));
  EXPECT_FALSE(IsValidDate("2024-13-01"));
  EXPECT_FALSE(IsValidDate("1850-01-01"));
}

TEST(FieldChecksTest, DateRangeEndMustNotPrecedeStart) {
  Violations v;
  CheckDateRange("2026-05-01", "2026-04-30", "period.start", "period.end", &v);
  EXPECT_THAT(Fields(v), ElementsAre("period.end"));
  Violations same;
  CheckDateRange("2026-05-01", "2026-05-01", "period.start", "period.end", &same);
  EXPECT_TRUE(same.empty());
  Violations required;
  CheckDate("", "period.start", /*required=*/true, &required);
  EXPECT_THAT(required.items(),
              ElementsAre(Field(&FieldViolation::description, HasSubstr("YYYY-MM-DD"))));
}

TEST(FieldChecksTest, MoneyNeedsAKnownCurrencyAndAnExactNonNegativeAmount) {
  common::v1::Money m;
  m.set_currency_code("EUR");
  m.set_amount_minor(6'000'000);
  Violations ok;
  CheckMoney(m, "envelope", true, &ok);
  EXPECT_TRUE(ok.empty());

  m.set_currency_code("XYZ");
  m.set_amount_minor(-1);
  Violations bad;
  CheckMoney(m, "envelope", true, &bad);
  EXPECT_THAT(Fields(bad), ElementsAre("envelope.currency_code", "envelope.amount_minor"));

  // 2^53 would round in Redis Lua and in JavaScript clients: refused, 2^53 - 1 accepted.
  m.set_currency_code("MDL");
  m.set_amount_minor(int64_t{1} << 53);
  Violations big;
  CheckMoney(m, "envelope", true, &big);
  EXPECT_THAT(big.items(),
              ElementsAre(Field(&FieldViolation::description, HasSubstr("9007199254740991"))));
  m.set_amount_minor(civitas::kMaxExactInteger);
  Violations max;
  CheckMoney(m, "envelope", true, &max);
  EXPECT_TRUE(max.empty());

  Violations missing;
  CheckMoney(common::v1::Money(), "envelope", /*required=*/true, &missing);
  EXPECT_THAT(Fields(missing), ElementsAre("envelope"));
  Violations optional;
  CheckMoney(common::v1::Money(), "envelope", /*required=*/false, &optional);
  EXPECT_TRUE(optional.empty());
}

TEST(FieldChecksTest, LocalizedTextNamesTheLanguageAtFault) {
  google::protobuf::Map<std::string, std::string> text;
  text["ro"] = "Centru de zi";
  text["fr"] = "Centre de jour";
  text["en"] = std::string(300, 'x');
  Violations v;
  CheckLocalizedText(text, "display_name", true, 200, &v);
  EXPECT_THAT(Fields(v), ::testing::UnorderedElementsAre("display_name[fr]", "display_name[en]"));
  Violations empty;
  CheckLocalizedText({}, "display_name", /*required=*/true, 200, &empty);
  EXPECT_THAT(Fields(empty), ElementsAre("display_name"));
}

TEST(FieldChecksTest, LengthsCountCharactersNotBytes) {
  // Georgian letters take three bytes each in UTF-8: 200 of them are 600 bytes and fit 200.
  std::string georgian;
  for (int i = 0; i < 200; ++i) georgian += "\xe1\x83\xa1";  // U+10E1
  EXPECT_EQ(CharacterCount(georgian), 200u);
  EXPECT_EQ(CharacterCount("Chi\xc8\x99in\xc4\x83u"), 8u);  // Chișinău
  // Not UTF-8 (continuation bytes alone): a quarter of its bytes at least, so a limit holds.
  EXPECT_EQ(CharacterCount(std::string(400, '\x80')), 100u);
  google::protobuf::Map<std::string, std::string> text;
  text["ka"] = georgian;
  Violations fits;
  CheckLocalizedText(text, "display_name", true, 200, &fits);
  CheckText(georgian, "office", true, 200, &fits);
  EXPECT_THAT(Fields(fits), IsEmpty());
  text["ka"] += "\xe1\x83\xa1";
  Violations over;
  CheckLocalizedText(text, "display_name", true, 200, &over);
  CheckText(text["ka"], "office", true, 200, &over);
  EXPECT_THAT(Fields(over), ElementsAre("display_name[ka]", "office"));
  EXPECT_THAT(over.items()[1].description, ::testing::HasSubstr("at most 200 characters"));
}

TEST(FieldChecksTest, ResourceNamesBelongToTheirCollection) {
  EXPECT_EQ(IdOf("organizations/keystone-md", "organizations"), "keystone-md");
  EXPECT_EQ(IdOf("territories/keystone-md", "organizations"), "");
  EXPECT_EQ(IdOf("organizations/Bad_Id", "organizations"), "");
  Violations v;
  CheckResourceName("calls/x", "organizations", "provider", true, &v);
  CheckResourceName("", "organizations", "funder", false, &v);
  CheckText(std::string(65, 'a'), "certificate", false, 64, &v);
  EXPECT_THAT(Fields(v), ElementsAre("provider", "certificate"));
  EXPECT_THAT(Fields(Violations()), IsEmpty());
}

TEST(FieldChecksTest, EnumListsHoldKnownValuesOnceAndNeverUnspecified) {
  // google.protobuf.Syntax: 0 SYNTAX_PROTO2, 1 SYNTAX_PROTO3 (any enum with a 0 value will do).
  google::protobuf::RepeatedField<int> values;
  for (int x : {1, 0, 7, 1}) values.Add(x);
  Violations v;
  CheckEnumList(values, google::protobuf::Syntax_descriptor(), "syntax", "type.syntaxes", &v);
  ASSERT_EQ(v.items().size(), 3u);
  EXPECT_EQ(v.items()[0].field, "type.syntaxes[1]");
  EXPECT_EQ(v.items()[0].description, "is not a known syntax");
  EXPECT_EQ(v.items()[1].field, "type.syntaxes[2]");
  EXPECT_EQ(v.items()[2].field, "type.syntaxes[3]");
  EXPECT_EQ(v.items()[2].description, "is listed twice");
}

}  // namespace
}  // namespace civitas::aip
