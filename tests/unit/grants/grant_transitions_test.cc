// Tranche payment, returns, accepted reports and closure as transitions on a grant, without I/O.
#include "services/grants/domain/grant_transitions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/grants/domain/reports.h"
#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const ProgrammeParties kParties{"organizations/eu", "organizations/soros-md"};
const absl::Time kNow = absl::FromUnixSeconds(1'795'000'000);

v1::Grant GrantOf(int64_t award) {
  v1::Grant g;
  g.set_name("grants/g1");
  g.set_recipient("organizations/keystone-md");
  *g.mutable_amount() = Eur(award);
  g.mutable_tranche_rules()->set_pre_financing_bp(8000);
  g.mutable_tranche_rules()->set_spent_before_next_bp(7000);
  for (const v1::Tranche& t : ScheduleTranches(g.amount(), g.tranche_rules())) {
    *g.add_tranches() = t;
  }
  for (auto* m : {g.mutable_disbursed(), g.mutable_spent(), g.mutable_returned()}) *m = Eur(0);
  g.set_state(v1::GRANT_ACTIVE);
  return g;
}

v1::Report FinalReport(int64_t spent) {
  v1::Report r;
  r.set_name("reports/r1");
  r.set_grant("grants/g1");
  r.set_kind(v1::FINAL_REPORT);
  r.set_state(v1::REPORT_ACCEPTED);
  r.set_period_end("2026-10-31");
  v1::ExpenditureLine* line = r.add_expenditure_lines();
  line->set_category("staff");
  *line->mutable_amount() = Eur(spent);
  return r;
}

TEST(PayTranche, PaysTheDueTrancheAndRecordsADisbursement) {
  v1::Grant g = GrantOf(10'000'00);
  auto pay = PayTrancheTransition(kParties, 1, "", "staff", kNow);
  ASSERT_TRUE(pay.effect(g).ok());
  EXPECT_TRUE(g.tranches(0).paid());
  EXPECT_EQ(g.disbursed().amount_minor(), 8'000'00);
  ASSERT_EQ(g.transactions_size(), 1);
  EXPECT_EQ(g.transactions(0).type(), v1::DISBURSEMENT);
  EXPECT_EQ(g.transactions(0).tranche_number(), 1);
  EXPECT_FALSE(g.transactions(0).date().empty());
  EXPECT_THAT(pay.effect(g).message(), HasSubstr("already paid"));
  EXPECT_EQ(pay.authorize(Acting("cso", "organizations/keystone-md"), g).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(PayTranche, TheBalanceIsAReimbursementOfAcceptedCosts) {
  v1::Grant g = GrantOf(10'000'00);
  ASSERT_TRUE(PayTrancheTransition(kParties, 1, "2026-02-01", "staff", kNow).effect(g).ok());
  EXPECT_THAT(PayTrancheTransition(kParties, 2, "", "staff", kNow).effect(g).message(),
              HasSubstr("final report"));
  ASSERT_TRUE(CountAcceptedReport(FinalReport(9'000'00), "staff", kNow, &g).ok());
  ASSERT_TRUE(PayTrancheTransition(kParties, 2, "", "staff", kNow).effect(g).ok());
  EXPECT_EQ(g.disbursed().amount_minor(), 9'000'00);
  EXPECT_EQ(g.tranches(1).amount().amount_minor(), 1'000'00);
  EXPECT_EQ(g.transactions().rbegin()->type(), v1::REIMBURSEMENT);
  EXPECT_TRUE(CheckClosure(FactsOf(g)).ok());
}

TEST(PayTranche, ValidatesTheValueDate) {
  auto pay = PayTrancheTransition(kParties, 1, "2027-13-01", "staff", kNow);
  Violations v;
  pay.validate(GrantOf(1), GrantOf(1), &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("date"));
  // Money is recorded once it moved: no payment or return dated after today (2026-11-18).
  Violations future;
  PayTrancheTransition(kParties, 1, "2026-11-19", "staff", kNow)
      .validate(GrantOf(1), GrantOf(1), &future);
  ASSERT_THAT(FieldsOf(future), ElementsAre("date"));
  EXPECT_THAT(future.items()[0].description, HasSubstr("2026-11-19 is after today (2026-11-18)"));
  Violations returned_ahead;
  RecordReturnTransition(kParties, Eur(1), "2026-12-01", "", "staff", kNow)
      .validate(GrantOf(1), GrantOf(1), &returned_ahead);
  EXPECT_THAT(FieldsOf(returned_ahead), ElementsAre("date"));
  Violations today;
  PayTrancheTransition(kParties, 1, "2026-11-18", "staff", kNow)
      .validate(GrantOf(1), GrantOf(1), &today);
  EXPECT_TRUE(today.empty());
}

TEST(CountAcceptedReport, NotForAPeriodThatHasNotEnded) {
  v1::Grant g = GrantOf(10'000'00);
  v1::Report ahead = FinalReport(1'000'00);
  ahead.set_period_end("2026-11-18");  // ends today: not over yet
  absl::Status refused = CountAcceptedReport(ahead, "staff", kNow, &g);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("ends 2026-11-18"));
  EXPECT_EQ(g.transactions_size(), 0);
}

TEST(RecordReturn, NeverMoreThanWasPaidAndNotYetReturned) {
  v1::Grant g = GrantOf(10'000'00);
  ASSERT_TRUE(PayTrancheTransition(kParties, 1, "", "staff", kNow).effect(g).ok());
  auto too_much = RecordReturnTransition(kParties, Eur(8'000'01), "", "", "staff", kNow);
  EXPECT_THAT(too_much.effect(g).message(), HasSubstr("more than the 800000"));
  auto ok = RecordReturnTransition(kParties, Eur(3'000'00), "2026-03-01", "unspent", "staff", kNow);
  ASSERT_TRUE(ok.effect(g).ok());
  EXPECT_EQ(g.returned().amount_minor(), 3'000'00);
  EXPECT_EQ(g.transactions().rbegin()->type(), v1::INCOMING_FUNDS);
  common::v1::Money mdl = Eur(1);
  mdl.set_currency_code("MDL");
  Violations v;
  RecordReturnTransition(kParties, mdl, "", "", "staff", kNow).validate(g, g, &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("amount.currency_code"));
  Violations zero;
  RecordReturnTransition(kParties, Eur(0), "", "", "staff", kNow).validate(g, g, &zero);
  EXPECT_THAT(FieldsOf(zero), ElementsAre("amount.amount_minor"));
}

TEST(CountAcceptedReport, CountsSpendingAndTheReportOnItsOwnActiveGrant) {
  v1::Grant g = GrantOf(10'000'00);
  v1::Report interim = FinalReport(2'000'00);
  interim.set_kind(v1::INTERIM_REPORT);
  ASSERT_TRUE(CountAcceptedReport(interim, "staff", kNow, &g).ok());
  EXPECT_EQ(g.spent().amount_minor(), 2'000'00);
  EXPECT_EQ(g.accepted_interim_reports(), 1);
  EXPECT_FALSE(g.final_report_accepted());
  EXPECT_EQ(g.transactions(0).type(), v1::EXPENDITURE);
  EXPECT_EQ(g.transactions(0).report(), "reports/r1");
  v1::Report elsewhere = FinalReport(1);
  elsewhere.set_grant("grants/g2");
  EXPECT_EQ(CountAcceptedReport(elsewhere, "staff", kNow, &g).code(),
            absl::StatusCode::kFailedPrecondition);
  g.set_state(v1::GRANT_CLOSED);
  EXPECT_EQ(CountAcceptedReport(FinalReport(1), "staff", kNow, &g).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(CloseGrant, OnlyOnceTheFinalReportIsAcceptedAndTheMoneySettled) {
  v1::Grant g = GrantOf(10'000'00);
  auto close = CloseGrantTransition(kParties, kNow);
  EXPECT_THAT(close.effect(g).message(), HasSubstr("final report"));
  ASSERT_TRUE(PayTrancheTransition(kParties, 1, "", "staff", kNow).effect(g).ok());
  ASSERT_TRUE(CountAcceptedReport(FinalReport(6'000'00), "staff", kNow, &g).ok());
  EXPECT_THAT(close.effect(g).message(), HasSubstr("200000 is still to be returned"));
  ASSERT_TRUE(
      RecordReturnTransition(kParties, Eur(2'000'00), "", "", "staff", kNow).effect(g).ok());
  ASSERT_TRUE(close.effect(g).ok());
  EXPECT_TRUE(g.has_close_time());
  EXPECT_THAT(close.from, ElementsAre(v1::GRANT_ACTIVE));
}

TEST(ValidateReport, NamesEachBadField) {
  v1::Report r = FinalReport(0);
  r.set_period_start("2027-12-31");
  r.set_period_end("2027-01-01");
  Violations v;
  ValidateReport(r, &v);
  EXPECT_THAT(FieldsOf(v),
              ElementsAre("report.period_end", "report.expenditure_lines[0].amount.amount_minor"));
  v1::Report ok = FinalReport(100);
  ok.set_period_start("2026-01-01");
  Violations none;
  ValidateReport(ok, &none);
  EXPECT_THAT(FieldsOf(none), IsEmpty());
}

TEST(CheckExpenditure, LinesUnderTheAwardedBudgetInTheGrantsCurrency) {
  v1::Report r = FinalReport(100);
  v1::ExpenditureLine* travel = r.add_expenditure_lines();
  travel->set_category("travel");
  *travel->mutable_amount() = Eur(5);
  travel->mutable_amount()->set_currency_code("MDL");
  Violations v;
  CheckExpenditure(r, "EUR", {"staff", "equipment"}, &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("report.expenditure_lines[1].category",
                                       "report.expenditure_lines[1].amount.currency_code"));
  Violations any_category;
  CheckExpenditure(FinalReport(100), "EUR", {}, &any_category);
  EXPECT_THAT(FieldsOf(any_category), IsEmpty());
}

}  // namespace
}  // namespace civitas::grants
