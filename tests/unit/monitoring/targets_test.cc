// Targets without I/O: their checks, who sets them, the totals fields that carry them to
// analytics, and progress.
#include "services/monitoring/domain/targets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "services/monitoring/domain/analytics.h"
#include "services/monitoring/domain/totals.h"

namespace civitas::monitoring {
namespace {

using ::testing::HasSubstr;

v1::Target Set(const std::string& target, const std::string& baseline = "") {
  v1::Target t;
  t.set_indicator("indicators/served");
  t.set_org_unit("organizations/keystone");
  t.set_period("2025");
  t.set_target(target);
  if (!baseline.empty()) {
    t.set_baseline(baseline);
    t.set_baseline_period("2024");
  }
  t.add_org_unit_path("territories/am");
  t.add_org_unit_path("territories/am-su-goris");
  return t;
}

v1::Indicator Served() {
  v1::Indicator i;
  i.set_name("indicators/served");
  i.set_value_type(v1::INTEGER);
  i.set_aggregation(v1::SUM);
  return i;
}

TEST(ValidateTarget, NamesEveryBadField) {
  v1::Target t;
  t.set_indicator("dataSets/x");
  t.set_org_unit("people/x");
  t.set_period("2025Q5");
  t.set_attribution("calls/c");
  t.set_baseline("3");
  Violations v;
  ValidateTarget(t, &v);
  for (const char* field : {"target.indicator", "target.org_unit", "target.period",
                            "target.attribution", "target.target", "target.baseline_period"}) {
    EXPECT_THAT(v.ToStatus().message(), HasSubstr(field));
  }
  Violations fixed;
  v1::Target moved = Set("10");
  moved.set_period("2026");
  moved.set_target("12");
  ValidateTargetChange(Set("10"), moved, &fixed);
  EXPECT_THAT(fixed.ToStatus().message(), HasSubstr("target.period: is fixed once created"));
  EXPECT_THAT(fixed.ToStatus().message(), ::testing::Not(HasSubstr("target.target")));
}

TEST(CanonicalizeTargetValues, InTheIndicatorsTypeARatiosAsNumbers) {
  v1::Target t = Set("0100", "+20");
  Violations v;
  CanonicalizeTargetValues(Served(), &t, &v);
  EXPECT_TRUE(v.empty()) << v.ToStatus();
  EXPECT_EQ(t.target(), "100");
  EXPECT_EQ(t.baseline(), "20");
  v1::Target fraction = Set("12.5");
  CanonicalizeTargetValues(Served(), &fraction, &v);
  EXPECT_THAT(v.ToStatus().message(), HasSubstr("target.target: '12.5' is not a whole number"));
  v1::Indicator share;
  share.mutable_numerator()->add_terms()->set_indicator("indicators/a");
  share.mutable_denominator()->add_terms()->set_indicator("indicators/b");
  v1::Target ratio = Set("37.50");
  Violations none;
  CanonicalizeTargetValues(share, &ratio, &none);
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(ratio.target(), "37.5");
}

TEST(CanonicalizeTargetPeriods, AsFiguresStoreTheirs) {
  v1::Target t = Set("10", "5");
  t.set_period("2025W01");
  t.set_baseline_period("2024W09");
  CanonicalizeTargetPeriods(&t);
  EXPECT_EQ(t.period(), "2025W1");
  EXPECT_EQ(t.baseline_period(), "2024W9");
  v1::Target bad = Set("10");
  bad.set_period("2025W99");
  CanonicalizeTargetPeriods(&bad);
  EXPECT_EQ(bad.period(), "2025W99") << "left for ValidateTarget to name";
}

TEST(CanonicalizeTargetValues, ABooleansTargetIsHowManySayYes) {
  v1::Indicator reports = Served();
  reports.set_value_type(v1::BOOLEAN);
  v1::Target t = Set("30");
  Violations v;
  CanonicalizeTargetValues(reports, &t, &v);
  EXPECT_TRUE(v.empty()) << v.ToStatus();
  v1::Target yes = Set("true");
  CanonicalizeTargetValues(reports, &yes, &v);
  EXPECT_THAT(v.ToStatus().message(), HasSubstr("target.target"));
}

TEST(AuthorizeTargetChange, TheMinistryTheMunicipalityAboveAndTheOrgUnitsPeople) {
  const v1::Target t = Set("10");
  Principal p;
  EXPECT_EQ(AuthorizeTargetChange(p, t).code(), absl::StatusCode::kUnauthenticated);
  p.subject = "x";
  p.roles = {kRoleMinistry};
  EXPECT_TRUE(AuthorizeTargetChange(p, t).ok());
  p.roles = {kRoleMunicipality};
  p.territories = {"territories/am-su-goris"};
  EXPECT_TRUE(AuthorizeTargetChange(p, t).ok());
  p.territories = {"territories/am-su-kapan"};
  EXPECT_EQ(AuthorizeTargetChange(p, t).code(), absl::StatusCode::kPermissionDenied);
  p.roles = {kRoleCso};
  p.organization = "organizations/keystone";
  EXPECT_TRUE(AuthorizeTargetChange(p, t).ok());
  p.roles = {kRoleWarehouse};  // reads, never sets
  EXPECT_EQ(AuthorizeTargetChange(p, t).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(CanReadTarget(p, t));
}

TEST(TargetTotals, SetChangedAndWithdrawnWithProgress) {
  std::map<std::string, Totals> store;
  auto apply = [&](const std::vector<TotalChange>& changes) {
    for (const TotalChange& c : changes) {
      if ((store[c.key][c.field] += c.delta) == 0) store[c.key].erase(c.field);
    }
  };
  const std::string key = "indicators/served/organizations/keystone/2025";
  v1::Target first = Set("100", "20");
  apply(TargetTotals(nullptr, &first, Served()));
  TargetFigures found = TargetIn(store[key], "2025", "", Served());
  EXPECT_EQ(found.target, 100);
  EXPECT_EQ(found.baseline, 20);
  EXPECT_DOUBLE_EQ(*Progress(60, found), 0.5);
  EXPECT_FALSE(TargetIn(store[key], "2025Q1", "", Served()).target.has_value());
  // A target of 0 is still a target; a baseline removed is gone.
  v1::Target zero = Set("0");
  apply(TargetTotals(&first, &zero, Served()));
  found = TargetIn(store[key], "2025", "", Served());
  EXPECT_EQ(found.target, 0);
  EXPECT_FALSE(found.baseline.has_value());
  EXPECT_FALSE(Progress(5, found).has_value()) << "no way from 0 to 0";
  // Lower is better: from 20 down to 10, 15 is half way.
  EXPECT_DOUBLE_EQ(*Progress(15, TargetFigures{10, 20}), 0.5);
  apply(TargetTotals(&zero, nullptr, Served()));  // archived
  EXPECT_TRUE(store[key].empty());
}

TEST(AnswerQuestion, RowsCarryTheirTargetAndProgress) {
  std::map<std::string, Totals> store;
  auto apply = [&](const std::vector<TotalChange>& changes) {
    for (const TotalChange& c : changes) store[c.key][c.field] += c.delta;
  };
  v1::Submission s;
  s.set_org_unit("organizations/keystone");
  s.set_period("202503");
  s.add_org_unit_path("territories/am");
  v1::DataValue* figure = s.add_values();
  figure->set_indicator("indicators/served");
  figure->set_value("60");
  apply(TotalsDelta(nullptr, s, {{"indicators/served", TotalledOf(Served())}}));
  v1::Target t = Set("100", "20");
  apply(TargetTotals(nullptr, &t, Served()));
  AnalyticsQuestion q;
  q.indicators = {"indicators/served"};
  q.org_units = {"organizations/keystone"};
  q.periods = {*ParsePeriod("2025"), *ParsePeriod("2025Q1")};
  std::vector<v1::AnalyticsRow> rows = AnswerQuestion(q, {{"indicators/served", Served()}}, store);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].target(), 100);
  EXPECT_EQ(rows[0].baseline(), 20);
  EXPECT_DOUBLE_EQ(rows[0].progress(), 0.5);
  EXPECT_FALSE(rows[1].has_target()) << "the target is the year's, not the quarter's";
  q.options = {"FEMALE"};  // some options only: the target is for all figures
  for (const v1::AnalyticsRow& row : AnswerQuestion(q, {{"indicators/served", Served()}}, store)) {
    EXPECT_FALSE(row.has_target());
  }
}

}  // namespace
}  // namespace civitas::monitoring
