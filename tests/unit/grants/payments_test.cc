// Tranche schedules, release conditions, returns and closure, without I/O.
#include "services/grants/domain/payments.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using ::testing::HasSubstr;

v1::TrancheRules EuPractice(int32_t interim_bp = 0) {
  v1::TrancheRules r;
  r.set_pre_financing_bp(8000);
  r.set_spent_before_next_bp(7000);
  r.set_interim_bp(interim_bp);
  return r;
}

v1::Grant GrantOf(int64_t award, const v1::TrancheRules& rules) {
  v1::Grant g;
  g.set_name("grants/g1");
  *g.mutable_amount() = Eur(award);
  for (const v1::Tranche& t : ScheduleTranches(g.amount(), rules)) *g.add_tranches() = t;
  return g;
}

TEST(ScheduleTranches, EightyPercentThenTheBalance) {
  auto tranches = ScheduleTranches(Eur(18'000'00), EuPractice());
  ASSERT_EQ(tranches.size(), 2u);
  EXPECT_EQ(tranches[0].kind(), v1::PRE_FINANCING);
  EXPECT_EQ(tranches[0].amount().amount_minor(), 14'400'00);
  EXPECT_EQ(tranches[1].kind(), v1::BALANCE);
  EXPECT_EQ(tranches[1].amount().amount_minor(), 3'600'00);
  EXPECT_EQ(tranches[1].number(), 2);
}

TEST(ScheduleTranches, SharesRoundDownAndTheBalanceTakesTheRest) {
  auto tranches = ScheduleTranches(Eur(1'001), EuPractice(/*interim_bp=*/1500));
  ASSERT_EQ(tranches.size(), 3u);
  EXPECT_EQ(tranches[0].amount().amount_minor(), 800);
  EXPECT_EQ(tranches[1].amount().amount_minor(), 150);
  EXPECT_EQ(tranches[2].amount().amount_minor(), 51);

  v1::TrancheRules all_at_once;
  all_at_once.set_pre_financing_bp(10000);
  auto single = ScheduleTranches(Eur(5'000'00), all_at_once);
  ASSERT_EQ(single.size(), 1u) << "no zero balance";
  EXPECT_EQ(single[0].amount().amount_minor(), 5'000'00);
}

TEST(TrancheDue, PreFinancingFirstAndOnce) {
  v1::Grant g = GrantOf(18'000'00, EuPractice());
  PaymentFacts f{.award_minor = 18'000'00};
  auto due = TrancheDue(g, 1, EuPractice(), f);
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_EQ(*due, 14'400'00);

  EXPECT_THAT(TrancheDue(g, 2, EuPractice(), f).status().message(),
              HasSubstr("tranche 1 of grants/g1 is not paid yet"));
  g.mutable_tranches(0)->set_paid(true);
  EXPECT_THAT(TrancheDue(g, 1, EuPractice(), f).status().message(), HasSubstr("already paid"));
  EXPECT_EQ(TrancheDue(g, 9, EuPractice(), f).status().code(), absl::StatusCode::kNotFound);
}

TEST(TrancheDue, TheInterimTrancheNeedsSeventyPercentSpentAndAnAcceptedReport) {
  v1::Grant g = GrantOf(10'000'00, EuPractice(/*interim_bp=*/1000));
  g.mutable_tranches(0)->set_paid(true);  // 8,000 paid
  PaymentFacts f{.award_minor = 10'000'00,
                 .paid_minor = 8'000'00,
                 .accepted_spent_minor = 5'600'00 - 1,
                 .interim_report_accepted = true};
  auto due = TrancheDue(g, 2, EuPractice(1000), f);
  EXPECT_EQ(due.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(due.status().message(), HasSubstr("559999 of 800000 spent"));

  f.accepted_spent_minor = 5'600'00;  // exactly 70%
  due = TrancheDue(g, 2, EuPractice(1000), f);
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_EQ(*due, 1'000'00);

  f.interim_report_accepted = false;
  EXPECT_THAT(TrancheDue(g, 2, EuPractice(1000), f).status().message(),
              HasSubstr("accepted interim report"));
}

TEST(TrancheDue, TheBalanceIsTheAcceptedCostsLessWhatWasPaid) {
  v1::Grant g = GrantOf(18'000'00, EuPractice());
  g.mutable_tranches(0)->set_paid(true);
  PaymentFacts f{
      .award_minor = 18'000'00, .paid_minor = 14'400'00, .accepted_spent_minor = 17'000'00};
  EXPECT_THAT(TrancheDue(g, 2, EuPractice(), f).status().message(),
              HasSubstr("accepted final report"));
  f.final_report_accepted = true;
  auto due = TrancheDue(g, 2, EuPractice(), f);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(*due, 2'600'00) << "17,000 accepted - 14,400 paid, not the planned 3,600";

  f.accepted_spent_minor = 25'000'00;
  EXPECT_EQ(*TrancheDue(g, 2, EuPractice(), f), 3'600'00) << "never beyond the award";

  f.accepted_spent_minor = 12'000'00;
  auto none = TrancheDue(g, 2, EuPractice(), f);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(none.status().message(), HasSubstr("240000 to be returned"));
}

TEST(AmountToReturn, OnlyOnceTheFinalReportIsAccepted) {
  PaymentFacts f{
      .award_minor = 18'000'00, .paid_minor = 14'400'00, .accepted_spent_minor = 12'000'00};
  EXPECT_EQ(AmountToReturn(f), 0);
  f.final_report_accepted = true;
  EXPECT_EQ(AmountToReturn(f), 2'400'00);
  f.returned_minor = 2'400'00;
  EXPECT_EQ(AmountToReturn(f), 0);
}

TEST(CheckClosure, AfterTheFinalReportWithTheBalanceSettled) {
  PaymentFacts f{
      .award_minor = 18'000'00, .paid_minor = 14'400'00, .accepted_spent_minor = 17'000'00};
  EXPECT_THAT(CheckClosure(f).message(), HasSubstr("final report"));
  f.final_report_accepted = true;
  EXPECT_THAT(CheckClosure(f).message(), HasSubstr("balance of 260000 is not paid"));
  f.paid_minor = 17'000'00;
  EXPECT_TRUE(CheckClosure(f).ok());

  f.accepted_spent_minor = 16'000'00;
  EXPECT_THAT(CheckClosure(f).message(), HasSubstr("100000 is still to be returned"));
  f.returned_minor = 1'000'00;
  EXPECT_TRUE(CheckClosure(f).ok());
}

}  // namespace
}  // namespace civitas::grants
