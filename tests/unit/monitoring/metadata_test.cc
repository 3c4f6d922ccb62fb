// Monitoring's metadata as records (categories, indicators, data sets) and who defines it,
// without I/O.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/monitoring/domain/access_policy.h"
#include "services/monitoring/domain/categories.h"
#include "services/monitoring/domain/codes.h"
#include "services/monitoring/domain/data_sets.h"
#include "services/monitoring/domain/indicators.h"

namespace civitas::monitoring {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> FieldsOf(const Violations& v) {
  std::vector<std::string> fields;
  for (const auto& item : v.items()) fields.push_back(item.field);
  return fields;
}

std::string Problems(const Violations& v) {
  std::string out;
  for (const auto& item : v.items()) out += item.field + ": " + item.description + "\n";
  return out;
}

v1::Category Sex() {
  v1::Category c;
  c.set_name("categories/sex");
  c.set_code("SEX");
  (*c.mutable_display_name())["en"] = "Sex";
  for (const char* code : {"FEMALE", "MALE"}) {
    v1::CategoryOption* o = c.add_options();
    o->set_code(code);
    (*o->mutable_display_name())["en"] = code;
  }
  c.set_state(v1::CATEGORY_ACTIVE);
  return c;
}

v1::Indicator Served() {
  v1::Indicator i;
  i.set_name("indicators/served");
  i.set_code("BENEFICIARIES_SERVED");
  (*i.mutable_display_name())["en"] = "Beneficiaries served";
  i.set_value_type(v1::INTEGER);
  i.set_aggregation(v1::SUM);
  i.add_categories("categories/sex");
  i.set_state(v1::INDICATOR_ACTIVE);
  return i;
}

v1::Indicator Share() {
  v1::Indicator i;
  i.set_name("indicators/share");
  i.set_code("SHARE_CONTRACTED_OUT");
  (*i.mutable_display_name())["en"] = "Share contracted out";
  i.set_value_type(v1::PERCENTAGE);
  i.set_aggregation(v1::AVERAGE);
  i.mutable_numerator()->add_terms()->set_indicator("indicators/contracted-out");
  i.mutable_denominator()->add_terms()->set_indicator("indicators/budget");
  i.set_factor(100);
  i.set_state(v1::INDICATOR_ACTIVE);
  return i;
}

v1::DataSet Monthly() {
  v1::DataSet d;
  d.set_name("dataSets/monthly");
  d.set_code("COMMUNITY_SERVICES_MONTHLY");
  (*d.mutable_display_name())["en"] = "Community services, monthly";
  d.set_period_type(v1::MONTHLY);
  d.add_indicators("indicators/served");
  d.add_org_units("territories/am-su-goris");
  d.add_org_units("organizations/keystone-md");
  d.set_expiry_days(15);
  return d;
}

TEST(MetadataCode, UpperCaseLettersDigitsAndUnderscores) {
  EXPECT_TRUE(IsMetadataCode("AGE_65_PLUS"));
  EXPECT_TRUE(IsMetadataCode("A"));
  for (const std::string& bad : std::vector<std::string>{"", "age", "65_PLUS", "AGE-65", "ÂGE",
                                                         "A B", std::string(51, 'A')}) {
    EXPECT_FALSE(IsMetadataCode(bad)) << bad;
  }
}

TEST(ValidateCategory, OptionsWithUniqueCodesAndNames) {
  Violations ok;
  ValidateCategory(Sex(), &ok);
  EXPECT_THAT(FieldsOf(ok), IsEmpty());
  v1::Category bad = Sex();
  bad.set_code("sex");
  bad.mutable_options(1)->set_code("FEMALE");
  bad.mutable_options(0)->clear_display_name();
  Violations v;
  ValidateCategory(bad, &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("category.code", "category.options[0].display_name",
                                       "category.options[1].code"));
  v1::Category empty = Sex();
  empty.clear_options();
  Violations none;
  ValidateCategory(empty, &none);
  EXPECT_THAT(Problems(none), HasSubstr("category.options: must hold 1 to 50 options"));
}

TEST(ValidateCategoryChange, OptionsAreAddedOrRetiredNeverRemovedOrRecoded) {
  v1::Category after = Sex();
  v1::CategoryOption* other = after.add_options();
  other->set_code("OTHER");
  (*other->mutable_display_name())["en"] = "Other";
  after.mutable_options(1)->set_retired(true);
  (*after.mutable_options(0)->mutable_display_name())["ro"] = "Feminin";
  Violations ok;
  ValidateCategoryChange(Sex(), after, &ok);
  EXPECT_THAT(FieldsOf(ok), IsEmpty());

  v1::Category removed = Sex();
  removed.mutable_options()->RemoveLast();
  removed.set_code("GENDER");
  Violations v;
  ValidateCategoryChange(Sex(), removed, &v);
  EXPECT_THAT(Problems(v), HasSubstr("category.code: is fixed once created (SEX)"));
  EXPECT_THAT(Problems(v),
              HasSubstr("category.options[1]: option MALE may be retired, not removed"));
  v1::Category recoded = Sex();
  recoded.mutable_options(0)->set_code("WOMEN");
  Violations r;
  ValidateCategoryChange(Sex(), recoded, &r);
  EXPECT_THAT(FieldsOf(r), ElementsAre("category.options[0].code"));
}

TEST(ValidateIndicator, AMeasuredIndicatorAndARatio) {
  Violations ok;
  ValidateIndicator(Served(), &ok);
  ValidateIndicator(Share(), &ok);
  EXPECT_THAT(Problems(ok), IsEmpty());
  EXPECT_FALSE(IsRatio(Served()));
  EXPECT_TRUE(IsRatio(Share()));
  EXPECT_EQ(FactorOf(Share()), 100);
  EXPECT_EQ(FactorOf(Served()), 1);

  v1::Indicator bad = Served();
  bad.clear_value_type();
  bad.clear_aggregation();
  bad.add_categories("categories/sex");
  bad.add_categories("sex");
  bad.set_factor(10);
  Violations v;
  ValidateIndicator(bad, &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("indicator.value_type", "indicator.aggregation",
                                       "indicator.categories[1]", "indicator.categories[2]",
                                       "indicator.factor"));

  v1::Indicator ratio = Share();
  ratio.clear_denominator();
  ratio.set_value_type(v1::BOOLEAN);
  ratio.add_categories("categories/sex");
  ratio.mutable_numerator()->add_terms()->set_indicator("indicators/share");
  Violations r;
  ValidateIndicator(ratio, &r);
  EXPECT_THAT(Problems(r), HasSubstr("indicator.denominator: a ratio needs a denominator"));
  EXPECT_THAT(Problems(r), HasSubstr("indicator.numerator.terms[1].indicator: a ratio cannot "
                                     "refer to itself"));
  EXPECT_THAT(Problems(r), HasSubstr("indicator.categories: a ratio has no categories"));
  EXPECT_THAT(Problems(r), HasSubstr("indicator.value_type: a ratio is a NUMBER or a PERCENTAGE"));
}

TEST(ValidateIndicatorChange, WhatStoredFiguresDependOnIsFixed) {
  v1::Indicator after = Served();
  (*after.mutable_display_name())["ro"] = "Beneficiari";
  Violations ok;
  ValidateIndicatorChange(Served(), after, &ok);
  EXPECT_THAT(FieldsOf(ok), IsEmpty());
  after.set_aggregation(v1::MAX);
  after.set_value_type(v1::NUMBER);
  after.clear_categories();
  after.set_code("SERVED");
  Violations v;
  ValidateIndicatorChange(Served(), after, &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("indicator.code", "indicator.value_type",
                                       "indicator.aggregation", "indicator.categories"));
  Violations became_ratio;
  v1::Indicator ratio = Served();
  *ratio.mutable_numerator() = Share().numerator();
  ValidateIndicatorChange(Served(), ratio, &became_ratio);
  EXPECT_THAT(Problems(became_ratio), HasSubstr("stays measured"));
}

TEST(CheckIndicatorCategories, ExistingActiveAndBoundedCombinations) {
  const v1::Indicator served = Served();
  const v1::Category sex = Sex();
  Violations ok;
  CheckIndicatorCategories(served, {&sex}, true, &ok);
  EXPECT_THAT(FieldsOf(ok), IsEmpty());
  Violations missing;
  CheckIndicatorCategories(served, {nullptr}, true, &missing);
  EXPECT_THAT(Problems(missing),
              HasSubstr("indicator.categories[0]: categories/sex does not exist"));
  v1::Category archived = Sex();
  archived.set_state(v1::CATEGORY_ARCHIVED);
  Violations a;
  CheckIndicatorCategories(served, {&archived}, true, &a);
  EXPECT_THAT(Problems(a), HasSubstr("is archived"));
  Violations kept;
  CheckIndicatorCategories(served, {&archived}, false, &kept);
  EXPECT_THAT(FieldsOf(kept), IsEmpty()) << "an indicator keeps a category archived later";

  v1::Category wide = Sex();
  wide.clear_options();
  for (int i = 0; i < 50; ++i) wide.add_options()->set_code("O" + std::to_string(i));
  v1::Indicator four = Served();
  for (int i = 0; i < 3; ++i) four.add_categories("categories/c" + std::to_string(i));
  Violations big;
  CheckIndicatorCategories(four, {&wide, &wide, &wide, &wide}, true, &big);
  EXPECT_THAT(Problems(big), HasSubstr("more than 10000 combinations"));
}

TEST(CheckRatioTerm, AnActiveMeasuredIndicator) {
  const v1::Indicator served = Served();
  Violations ok;
  CheckRatioTerm("indicator.numerator.terms[0].indicator", "indicators/served", &served, &ok);
  EXPECT_THAT(FieldsOf(ok), IsEmpty());
  const v1::Indicator share = Share();
  Violations v;
  CheckRatioTerm("t", "indicators/share", &share, &v);
  CheckRatioTerm("u", "indicators/gone", nullptr, &v);
  v1::Indicator archived = Served();
  archived.set_state(v1::INDICATOR_ARCHIVED);
  CheckRatioTerm("w", "indicators/served", &archived, &v);
  EXPECT_THAT(Problems(v), HasSubstr("t: indicators/share is a ratio"));
  EXPECT_THAT(Problems(v), HasSubstr("u: indicators/gone does not exist"));
  EXPECT_THAT(Problems(v), HasSubstr("w: indicators/served is archived"));
}

TEST(ValidateDataSet, IndicatorsOrgUnitsWindowAndAttribution) {
  Violations ok;
  ValidateDataSet(Monthly(), &ok);
  EXPECT_THAT(Problems(ok), IsEmpty());
  v1::DataSet bad = Monthly();
  bad.clear_period_type();
  bad.add_indicators("indicators/served");
  bad.add_org_units("socialServices/day-care");
  bad.set_open_future_periods(13);
  bad.set_expiry_days(400);
  bad.set_timely_days(-1);
  bad.set_attribution("calls/c1");
  Violations v;
  ValidateDataSet(bad, &v);
  EXPECT_THAT(FieldsOf(v),
              ElementsAre("data_set.period_type", "data_set.indicators[1]", "data_set.org_units[2]",
                          "data_set.open_future_periods", "data_set.expiry_days",
                          "data_set.timely_days", "data_set.attribution"));
  EXPECT_THAT(Problems(v), HasSubstr("must be territories/{id} or organizations/{id}"));
  EXPECT_THAT(Problems(v), HasSubstr("must be programmes/{id} or grants/{id}"));
  v1::DataSet none = Monthly();
  none.clear_indicators();
  Violations n;
  ValidateDataSet(none, &n);
  EXPECT_THAT(FieldsOf(n), ElementsAre("data_set.indicators"));
}

TEST(ValidateDataSetChange, CodeAndPeriodTypeAreFixed) {
  v1::DataSet after = Monthly();
  after.add_org_units("territories/md");
  Violations ok;
  ValidateDataSetChange(Monthly(), after, &ok);
  EXPECT_THAT(FieldsOf(ok), IsEmpty());
  after.set_period_type(v1::QUARTERLY);
  after.set_code("X");
  Violations v;
  ValidateDataSetChange(Monthly(), after, &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("data_set.code", "data_set.period_type"));
}

TEST(CheckDataSetIndicator, ActiveAndMeasured) {
  const v1::Indicator share = Share();
  Violations v;
  CheckDataSetIndicator("data_set.indicators[0]", "indicators/share", &share, &v);
  EXPECT_THAT(Problems(v), HasSubstr("is a ratio: it is computed, not reported"));
  EXPECT_EQ(PeriodTypeOf(v1::WEEKLY), PeriodType::kWeek);
  EXPECT_EQ(PeriodTypeOf(v1::SIX_MONTHLY), PeriodType::kHalf);
  EXPECT_FALSE(PeriodTypeOf(v1::PERIOD_TYPE_UNSPECIFIED).has_value());
}

TEST(AuthorizeMetadataChange, TheMinistryAndAdminsOnly) {
  Principal ministry;
  ministry.subject = "m";
  ministry.roles = {kRoleMinistry};
  EXPECT_TRUE(
      AuthorizeMetadataChange(ministry, records::Change::kCreate, "defining indicators").ok());
  Principal cso;
  cso.subject = "c";
  cso.roles = {kRoleCso};
  cso.organization = "organizations/keystone-md";
  const absl::Status refused =
      AuthorizeMetadataChange(cso, records::Change::kUpdate, "defining indicators");
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(refused.message(), HasSubstr("defining indicators is reserved to the ministry"));
  EXPECT_EQ(AuthorizeMetadataChange(Principal::Anonymous(), records::Change::kArchive, "x").code(),
            absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace civitas::monitoring
