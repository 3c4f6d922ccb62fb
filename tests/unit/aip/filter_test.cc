#include "libs/aip/filter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "civitas/registry/v1/resources.pb.h"
#include "libs/common/field_violations.h"
#include "tests/unit/aip/test_specs.h"

namespace civitas::aip {
namespace {

namespace v1 = ::civitas::registry::v1;

using test_specs::OrganizationSpec;

using ::testing::HasSubstr;

std::string ViolationField(const absl::Status& s) {
  auto v = FieldViolationsOf(s);
  return v.empty() ? "" : v[0].field;
}

TEST(FilterTest, EmptyFilterHasNoTerms) {
  auto terms = ParseFilter("  ", OrganizationSpec());
  ASSERT_TRUE(terms.ok());
  EXPECT_TRUE(terms->empty());
}

TEST(FilterTest, ParsesConjunctionOfQuotedAndBareValues) {
  auto terms = ParseFilter(R"(type = CSO AND territory="territories/am-su" AND display_name:"key")",
                           OrganizationSpec());
  ASSERT_TRUE(terms.ok()) << terms.status();
  ASSERT_EQ(terms->size(), 3u);
  EXPECT_EQ((*terms)[0].field->name, "type");
  EXPECT_EQ((*terms)[0].value, "CSO");
  EXPECT_EQ((*terms)[1].value, "territories/am-su");
  EXPECT_TRUE((*terms)[1].field->subtree);
  EXPECT_EQ((*terms)[2].op, FilterTerm::Op::kHas);
}

TEST(FilterTest, UnknownFieldIsNamedInFilterViolation) {
  auto terms = ParseFilter("colour = red", OrganizationSpec());
  EXPECT_EQ(terms.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ViolationField(terms.status()), "filter");
  EXPECT_THAT(std::string(terms.status().message()), HasSubstr("colour"));
}

TEST(FilterTest, AnEnumValueTheFieldCannotTakeIsRefusedNotAnsweredWithNothing) {
  auto bogus = ParseFilter("state = BOGUS", OrganizationSpec());
  EXPECT_EQ(bogus.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ViolationField(bogus.status()), "filter");
  EXPECT_THAT(std::string(bogus.status().message()),
              HasSubstr("'BOGUS' is not a value of state; one of"));
  EXPECT_THAT(std::string(bogus.status().message()), HasSubstr("ACTIVE"));
  EXPECT_FALSE(ParseFilter("target_group != elderly", OrganizationSpec()).ok());
  EXPECT_TRUE(ParseFilter("state = ACTIVE AND target_group != ELDERLY", OrganizationSpec()).ok());
  // `:` is a substring match: any text.
  EXPECT_TRUE(ParseFilter("state : ACT", OrganizationSpec()).ok());
  // Other fields take any value.
  EXPECT_TRUE(ParseFilter("external_id = anything", OrganizationSpec()).ok());
}

TEST(FilterTest, RejectsOrAndMalformedTerms) {
  EXPECT_FALSE(ParseFilter("type = CSO OR type = DONOR", OrganizationSpec()).ok());
  EXPECT_FALSE(ParseFilter("type CSO", OrganizationSpec()).ok());
  EXPECT_FALSE(ParseFilter("type = \"CSO", OrganizationSpec()).ok());
}

TEST(FilterTest, SubtreeFieldTakesOnlyEqualsAndAppearsOnce) {
  EXPECT_FALSE(ParseFilter("territory != \"territories/am\"", OrganizationSpec()).ok());
  EXPECT_FALSE(ParseFilter("territory = \"territories/am\" AND territory = \"territories/md\"",
                           OrganizationSpec())
                   .ok());
}

TEST(FilterTest, MatchesEnumsRepeatedExternalIdsAndLocalizedSubstrings) {
  v1::Organization o;
  o.set_type(v1::CSO);
  o.add_target_groups(v1::ELDERLY);
  o.add_target_groups(v1::YOUTH);
  auto* id = o.add_external_ids();
  id->set_scheme("md-idno");
  id->set_value("1003600012345");
  (*o.mutable_display_name())["en"] = "Keystone Moldova";
  auto match = [&](const std::string& f) {
    auto terms = ParseFilter(f, OrganizationSpec());
    EXPECT_TRUE(terms.ok()) << terms.status();
    for (const auto& t : *terms) {
      if (!Matches(o, t)) return false;
    }
    return true;
  };
  EXPECT_TRUE(match("type = CSO"));
  EXPECT_FALSE(match("type = DONOR"));
  EXPECT_TRUE(match("type != DONOR"));
  EXPECT_TRUE(match("target_group = YOUTH"));
  EXPECT_FALSE(match("target_group = ROMA_COMMUNITIES"));
  EXPECT_TRUE(match("external_id = \"md-idno|1003600012345\""));
  EXPECT_TRUE(match("display_name:keystone"));
  EXPECT_FALSE(match("display_name:soros"));
}

}  // namespace
}  // namespace civitas::aip
