// Results frameworks without I/O: targets grouped by indicator and org unit, the questions that
// give their published actuals, and the framework's rows.
#include "services/monitoring/domain/results.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civitas::monitoring {
namespace {

using ::testing::HasSubstr;

v1::Target T(const std::string& indicator, const std::string& org_unit, const std::string& period,
             const std::string& target, const std::string& baseline = "",
             v1::TargetState state = v1::TARGET_ACTIVE) {
  v1::Target t;
  t.set_indicator(indicator);
  t.set_org_unit(org_unit);
  t.set_period(period);
  t.set_attribution("grants/g1");
  t.set_target(target);
  if (!baseline.empty()) {
    t.set_baseline(baseline);
    t.set_baseline_period("2023");
  }
  t.set_state(state);
  return t;
}

TEST(Results, RequestsNameOneToAHundredProgrammesOrGrants) {
  v1::BatchGetResultsRequest request;
  EXPECT_THAT(CheckResultsRequest(request).message(),
              HasSubstr("attributions: must name 1 to 100"));
  request.add_attributions("grants/g1");
  request.add_attributions("dataSets/x");
  const absl::Status bad = CheckResultsRequest(request);
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.message(), HasSubstr("attributions[1]"));
  request.mutable_attributions()->RemoveLast();
  request.add_attributions("programmes/p1");
  EXPECT_TRUE(CheckResultsRequest(request).ok());
}

TEST(Results, TargetsByIndicatorAndOrgUnitEarliestPeriodFirstActiveOnly) {
  v1::Target other_grant = T("indicators/served", "organizations/k", "2024", "5");
  other_grant.set_attribution("grants/g2");
  const std::vector<ResultGroup> groups =
      GroupTargets({T("indicators/served", "organizations/k", "2026", "150"),
                    T("indicators/share", "territories/am", "2025", "40"),
                    T("indicators/served", "organizations/k", "2025Q1", "30", "20"),
                    T("indicators/served", "organizations/k", "2027", "1", "", v1::TARGET_ARCHIVED),
                    other_grant},
                   "grants/g1");
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].indicator, "indicators/served");
  ASSERT_EQ(groups[0].targets.size(), 2u);
  EXPECT_EQ(groups[0].targets[0].period(), "2025Q1");
  EXPECT_EQ(groups[0].targets[1].period(), "2026");
  EXPECT_EQ(groups[1].org_unit, "territories/am");

  const std::vector<AnalyticsQuestion> questions = ActualsQuestions(groups[0], "grants/g1");
  ASSERT_EQ(questions.size(), 1u);
  EXPECT_TRUE(questions[0].accepted_only) << "published figures only";
  EXPECT_EQ(questions[0].attribution, "grants/g1");
  EXPECT_EQ(questions[0].periods.size(), 2u);

  ResultGroup many{"indicators/served", "organizations/k", {}};
  for (int year = 1950; year < 2030; ++year) {
    many.targets.push_back(T("indicators/served", "organizations/k", absl::StrCat(year), "1"));
  }
  const std::vector<AnalyticsQuestion> chunked = ActualsQuestions(many, "grants/g1");
  ASSERT_EQ(chunked.size(), 2u) << "at most 50 periods a question";
  EXPECT_EQ(chunked[0].periods.size(), 50u);
  EXPECT_EQ(chunked[1].periods.size(), 30u);
}

TEST(Results, RowsCarryTheEarliestBaselineTargetsAndActualsWhereThereAreFigures) {
  const std::vector<ResultGroup> groups =
      GroupTargets({T("indicators/served", "organizations/k", "2026", "150", "25"),
                    T("indicators/served", "organizations/k", "2025Q1", "30", "20")},
                   "grants/g1");
  v1::Indicator served;
  served.set_name("indicators/served");
  served.set_code("SERVED");
  (*served.mutable_display_name())["en"] = "Served";
  served.set_level(v1::OUTPUT);
  v1::AnalyticsRow row;
  row.set_period("2025Q1");
  row.set_value(31);
  row.set_figures(3);
  const v1::ResultIndicator r = ResultIndicatorOf(groups[0], served, {{"2025Q1", row}});
  EXPECT_EQ(r.code(), "SERVED");
  EXPECT_EQ(r.level(), v1::OUTPUT);
  EXPECT_EQ(r.baseline(), "20") << "the earliest target's";
  ASSERT_EQ(r.periods_size(), 2);
  EXPECT_EQ(r.periods(0).start_date(), "2025-01-01");
  EXPECT_EQ(r.periods(0).end_date(), "2025-03-31");
  EXPECT_EQ(r.periods(0).actual(), 31);
  EXPECT_EQ(r.periods(0).figures(), 3);
  EXPECT_FALSE(r.periods(1).has_actual());
  EXPECT_EQ(r.periods(1).target(), "150");
}

}  // namespace
}  // namespace civitas::monitoring
