// Overdue reports and accepted spending, without I/O.
#include "services/grants/domain/reports.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using ::testing::ElementsAre;

v1::Grant WithRequirements() {
  v1::Grant g;
  auto require = [&](v1::ReportKind kind, const std::string& due) {
    v1::ReportRequirement* r = g.add_report_requirements();
    r->set_kind(kind);
    r->set_due_date(due);
  };
  require(v1::FINAL_REPORT, "2027-03-31");
  require(v1::INTERIM_REPORT, "2026-09-30");
  require(v1::INTERIM_REPORT, "2026-12-31");
  return g;
}

v1::Report ReportOf(v1::ReportKind kind, v1::ReportState state, int64_t spent_cents = 0) {
  v1::Report r;
  r.set_kind(kind);
  r.set_state(state);
  if (spent_cents > 0) {
    v1::ExpenditureLine* line = r.add_expenditure_lines();
    line->set_category("staff");
    *line->mutable_amount() = Eur(spent_cents);
  }
  return r;
}

TEST(OverdueReports, RequirementsPastDueWithoutADeliveredReport) {
  const v1::Grant g = WithRequirements();
  EXPECT_TRUE(OverdueReportsOf(g, {}, "2026-09-30").empty()) << "due today is not late";

  auto overdue = OverdueReportsOf(g, {}, "2027-01-05");
  ASSERT_EQ(overdue.size(), 2u);
  EXPECT_EQ(overdue[0].due_date, "2026-09-30");
  EXPECT_EQ(overdue[0].days_late, 97);
  EXPECT_EQ(overdue[1].due_date, "2026-12-31");
  EXPECT_EQ(overdue[1].days_late, 5);

  // The first interim report delivered meets the earliest interim requirement; a draft or a
  // report sent back for revision meets none.
  overdue = OverdueReportsOf(g,
                             {ReportOf(v1::INTERIM_REPORT, v1::REPORT_SUBMITTED),
                              ReportOf(v1::INTERIM_REPORT, v1::REPORT_DRAFT),
                              ReportOf(v1::INTERIM_REPORT, v1::REPORT_REVISION_REQUESTED)},
                             "2027-04-02");
  ASSERT_EQ(overdue.size(), 2u);
  EXPECT_EQ(overdue[0].due_date, "2026-12-31");
  EXPECT_EQ(overdue[1].kind, v1::FINAL_REPORT);
  EXPECT_EQ(overdue[1].days_late, 2);
}

TEST(OverdueReports, RowsNameTheGrantAndSortByDueDateKeepingEachGrantsOrder) {
  v1::Grant keystone = WithRequirements();
  keystone.set_name("grants/keystone");
  keystone.set_recipient("organizations/keystone-md");
  v1::Grant aopd = WithRequirements();
  aopd.set_name("grants/aopd");
  aopd.set_recipient("organizations/aopd-md");
  aopd.mutable_report_requirements(1)->set_due_date("2026-10-31");
  google::protobuf::RepeatedPtrField<v1::OverdueReport> rows;
  for (const v1::Grant* g : {&keystone, &aopd}) {
    for (v1::OverdueReport& row : OverdueReportRows(*g, {}, "2027-01-05")) {
      *rows.Add() = std::move(row);
    }
  }
  SortOverdueReports(&rows);
  std::vector<std::string> order;
  for (const v1::OverdueReport& r : rows) order.push_back(r.grant() + " " + r.due_date());
  EXPECT_THAT(order, ElementsAre("grants/keystone 2026-09-30", "grants/aopd 2026-10-31",
                                 "grants/keystone 2026-12-31", "grants/aopd 2026-12-31"));
  EXPECT_EQ(rows[0].recipient(), "organizations/keystone-md");
  EXPECT_EQ(rows[0].kind(), v1::INTERIM_REPORT);
  EXPECT_EQ(rows[0].days_late(), 97);
}

TEST(AcceptedSpending, CountsOnlyAcceptedReports) {
  EXPECT_EQ(AcceptedSpending({ReportOf(v1::INTERIM_REPORT, v1::REPORT_ACCEPTED, 5'600'00),
                              ReportOf(v1::INTERIM_REPORT, v1::REPORT_SUBMITTED, 1'000'00),
                              ReportOf(v1::FINAL_REPORT, v1::REPORT_ACCEPTED, 11'400'00)}),
            17'000'00);
}

TEST(CanReadReport, TheGranteeAndTheProgrammesStaff) {
  const ProgrammeParties parties{"organizations/eu", "organizations/sfm"};
  v1::Grant grant;
  grant.set_recipient("organizations/goris-women");
  EXPECT_TRUE(CanReadReport(Acting(kRoleCso, "organizations/goris-women"), &grant, nullptr))
      << "the grantee's people need no programme read";
  EXPECT_FALSE(CanReadReport(Acting(kRoleCso, "organizations/sfm"), &grant, nullptr));
  EXPECT_TRUE(CanReadReport(Acting(kRoleCso, "organizations/sfm"), &grant, &parties));
  EXPECT_FALSE(CanReadReport(Acting(kRoleCso, "organizations/other"), &grant, &parties));
  EXPECT_FALSE(CanReadReport(Principal::Anonymous(), &grant, &parties));
  EXPECT_TRUE(CanReadReport(Acting(kRoleAdmin), nullptr, nullptr));
  EXPECT_FALSE(CanReadReport(Acting(kRoleCso, "organizations/goris-women"), nullptr, nullptr));
  EXPECT_TRUE(IsGrantParty(Acting(kRoleCso, "organizations/goris-women"), grant, nullptr));
  EXPECT_TRUE(IsGrantParty(Acting(kRoleAdmin), grant, &parties)) << "admins are staff";
  EXPECT_FALSE(IsGrantParty(Acting(kRoleAdmin), grant, nullptr)) << "staff need the parties read";

  v1::Report report;
  report.set_grant("grants/g1");
  grant.set_state(v1::GRANT_ACTIVE);
  Violations ok;
  CheckReportGrant(report, grant, &ok);
  EXPECT_TRUE(ok.empty());
  grant.set_state(v1::GRANT_CLOSED);
  Violations closed;
  CheckReportGrant(report, grant, &closed);
  EXPECT_EQ(closed.ToStatus().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace civitas::grants
