// Commitments and policy items: field rules, who records them, the commitment's states with their
// evidence, overdue and its one alert, and the policy pipeline one stage at a time in date order.
#include "services/advocacy/domain/commitments.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/advocacy/domain/policy_items.h"
#include "tests/unit/advocacy/advocacy_test_values.h"

namespace civitas::advocacy {
namespace {

using ::testing::HasSubstr;

const absl::CivilDay kToday(2026, 12, 7);
const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 12, 7, 10, 0, 0), absl::UTCTimeZone());

v1::Commitment UnitCosts() {
  v1::Commitment c;
  c.set_name("commitments/unit-costs");
  c.set_campaign("campaigns/md-contracting");
  (*c.mutable_description())["en"] = "Approve unit costs for community social services";
  c.set_office("Minister of Labour and Social Protection");
  c.set_made_date("2026-03-01");
  c.set_due_date("2026-09-30");
  c.set_state(v1::COMMITMENT_MADE);
  return c;
}

v1::CommitmentEvidence Decree(const std::string& date) {
  v1::CommitmentEvidence e;
  e.set_date(date);
  e.set_description("Government decision 123 approves the unit costs");
  e.set_uri("https://example.org/decision-123");
  return e;
}

TEST(ValidateCommitment, NamesEveryBrokenField) {
  Violations ok;
  ValidateCommitment(UnitCosts(), kToday, &ok);
  EXPECT_TRUE(ok.empty()) << Problems(ok);
  v1::Commitment c = UnitCosts();
  c.set_campaign("md-contracting");
  c.clear_description();
  c.set_office("");
  c.set_organization("ministry");
  c.set_made_date("2026-12-08");  // tomorrow
  c.set_due_date("2026-11-31");
  Violations v;
  ValidateCommitment(c, kToday, &v);
  const std::string problems = Problems(v);
  EXPECT_THAT(problems, HasSubstr("commitment.campaign:"));
  EXPECT_THAT(problems, HasSubstr("commitment.description:"));
  EXPECT_THAT(problems, HasSubstr("commitment.office:"));
  EXPECT_THAT(problems, HasSubstr("commitment.organization:"));
  EXPECT_THAT(problems, HasSubstr("commitment.made_date: is in the future (today is 2026-12-07)"));
  EXPECT_THAT(problems, HasSubstr("commitment.due_date:"));
  c = UnitCosts();
  c.set_due_date("2026-02-01");
  v = Violations();
  ValidateCommitment(c, kToday, &v);
  EXPECT_THAT(Problems(v), HasSubstr("commitment.due_date: must not be before"));
}

TEST(CommitmentAccess, MembersRecordLeadsArchiveASettledOneIsKept) {
  const v1::Campaign campaign = Contracting();
  v1::Commitment c = UnitCosts();
  for (const char* records : {"keystone-md", "aopd-md", "apscf-md"}) {
    EXPECT_TRUE(
        AuthorizeCommitmentChange(ActingFor(records), records::Change::kCreate, nullptr, campaign)
            .ok())
        << records;
  }
  absl::Status supporter =
      AuthorizeCommitmentChange(ActingFor("ivc-md"), records::Change::kCreate, nullptr, campaign);
  EXPECT_EQ(supporter.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(supporter.message(), HasSubstr("may record its commitments"));
  EXPECT_EQ(
      AuthorizeCommitmentChange(ActingFor("apscf-md"), records::Change::kArchive, &c, campaign)
          .code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(
      AuthorizeCommitmentChange(ActingFor("aopd-md"), records::Change::kArchive, &c, campaign)
          .ok());
  c.set_state(v1::COMMITMENT_FULFILLED);
  absl::Status kept =
      AuthorizeCommitmentChange(ActingFor("keystone-md"), records::Change::kUpdate, &c, campaign);
  EXPECT_EQ(kept.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(kept.message(), HasSubstr("COMMITMENT_FULFILLED"));
}

TEST(CommitmentTransitions, MadeInProgressFulfilledEachWithItsEvidence) {
  const v1::Campaign campaign = Contracting();
  const Principal member = ActingFor("apscf-md");
  v1::Commitment c = UnitCosts();
  // Evidence is required and checked.
  v1::CommitmentEvidence future = Decree("2026-12-08");
  absl::Status refused = Walk(
      CommitmentTransition(CommitmentAction::kStart, campaign, future, "staff", kNow), member, &c);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.message(), HasSubstr("evidence.date"));
  EXPECT_EQ(Walk(CommitmentTransition(CommitmentAction::kStart, campaign, v1::CommitmentEvidence(),
                                      "staff", kNow),
                 member, &c)
                .code(),
            absl::StatusCode::kInvalidArgument);
  // A supporter may not record it.
  EXPECT_EQ(Walk(CommitmentTransition(CommitmentAction::kStart, campaign, Decree("2026-04-01"), "s",
                                      kNow),
                 ActingFor("ivc-md"), &c)
                .code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(Walk(CommitmentTransition(CommitmentAction::kStart, campaign, Decree("2026-04-01"),
                                        "staff@apscf-md", kNow),
                   member, &c)
                  .ok());
  EXPECT_EQ(c.state(), v1::COMMITMENT_IN_PROGRESS);
  ASSERT_TRUE(Walk(CommitmentTransition(CommitmentAction::kAddEvidence, campaign,
                                        Decree("2026-05-01"), "staff@apscf-md", kNow),
                   member, &c)
                  .ok());
  EXPECT_EQ(c.state(), v1::COMMITMENT_IN_PROGRESS);
  // Starting twice names the state.
  EXPECT_EQ(Walk(CommitmentTransition(CommitmentAction::kStart, campaign, Decree("2026-05-01"), "s",
                                      kNow),
                 member, &c)
                .code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(Walk(CommitmentTransition(CommitmentAction::kFulfil, campaign, Decree("2026-06-01"),
                                        "staff@keystone-md", kNow),
                   ActingFor("keystone-md"), &c)
                  .ok());
  EXPECT_EQ(c.state(), v1::COMMITMENT_FULFILLED);
  ASSERT_EQ(c.evidence_size(), 3);
  EXPECT_EQ(c.evidence(0).state(), v1::COMMITMENT_IN_PROGRESS);
  EXPECT_EQ(c.evidence(1).state(), v1::COMMITMENT_IN_PROGRESS);
  EXPECT_EQ(c.evidence(2).state(), v1::COMMITMENT_FULFILLED);
  EXPECT_EQ(c.evidence(2).actor(), "staff@keystone-md");
  EXPECT_EQ(c.evidence(2).record_time().seconds(), absl::ToUnixSeconds(kNow));
  // Settled is final: no evidence, no other outcome.
  for (CommitmentAction a :
       {CommitmentAction::kBreak, CommitmentAction::kWithdraw, CommitmentAction::kAddEvidence}) {
    EXPECT_EQ(Walk(CommitmentTransition(a, campaign, Decree("2026-07-01"), "s", kNow), Admin(), &c)
                  .code(),
              absl::StatusCode::kFailedPrecondition);
  }
}

TEST(CommitmentOpenCount, ACreateOpensASettlementOrArchiveOfAnOpenOneCloses) {
  v1::Commitment made = UnitCosts();
  EXPECT_EQ(OpenCommitmentsDelta(nullptr, made), 1);
  v1::Commitment started = made;
  started.set_state(v1::COMMITMENT_IN_PROGRESS);
  EXPECT_EQ(OpenCommitmentsDelta(&made, started), 0);
  for (v1::CommitmentState settled : {v1::COMMITMENT_FULFILLED, v1::COMMITMENT_BROKEN,
                                      v1::COMMITMENT_WITHDRAWN, v1::COMMITMENT_ARCHIVED}) {
    v1::Commitment after = started;
    after.set_state(settled);
    EXPECT_EQ(OpenCommitmentsDelta(&started, after), -1) << v1::CommitmentState_Name(settled);
    v1::Commitment archived = after;
    archived.set_state(v1::COMMITMENT_ARCHIVED);
    EXPECT_EQ(OpenCommitmentsDelta(&after, archived), 0);
  }
}

TEST(CommitmentTransitions, EvidenceIsCapped) {
  v1::Commitment c = UnitCosts();
  for (int i = 0; i < kMaxEvidence; ++i) *c.add_evidence() = Decree("2026-04-01");
  absl::Status full = Walk(CommitmentTransition(CommitmentAction::kAddEvidence, Contracting(),
                                                Decree("2026-04-02"), "s", kNow),
                           ActingFor("keystone-md"), &c);
  EXPECT_EQ(full.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(full.message(), HasSubstr("the most one commitment keeps"));
}

TEST(CommitmentOverdue, PastItsDueDateWhileOpenAndAlertedOnceByTheJob) {
  v1::Commitment c = UnitCosts();  // due 2026-09-30
  EXPECT_TRUE(IsOverdue(c, kToday));
  EXPECT_EQ(DaysOverdue(c, kToday), 68);
  EXPECT_FALSE(IsOverdue(c, absl::CivilDay(2026, 9, 30)));  // due today: not yet
  EXPECT_EQ(DaysOverdue(c, absl::CivilDay(2026, 10, 1)), 1);
  Principal job;
  job.subject = "services/advocacy";
  job.background_job = true;
  EXPECT_EQ(Walk(OverdueAlertTransition(kToday, kNow), Admin(), &c).code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(Walk(OverdueAlertTransition(kToday, kNow), job, &c).ok());
  EXPECT_EQ(c.overdue_alert_time().seconds(), absl::ToUnixSeconds(kNow));
  EXPECT_EQ(Walk(OverdueAlertTransition(kToday, kNow), job, &c).code(),
            absl::StatusCode::kFailedPrecondition);
  v1::Commitment kept = UnitCosts();
  kept.set_state(v1::COMMITMENT_FULFILLED);
  EXPECT_FALSE(IsOverdue(kept, kToday));
  v1::Commitment early = UnitCosts();
  EXPECT_EQ(Walk(OverdueAlertTransition(absl::CivilDay(2026, 9, 1), kNow), job, &early).code(),
            absl::StatusCode::kFailedPrecondition);
}

v1::PolicyStep Step(const std::string& date, const std::string& source) {
  v1::PolicyStep s;
  s.set_date(date);
  s.set_source(source);
  return s;
}

TEST(PolicyPipeline, OneStageAtATimeInDateOrderWithItsSource) {
  const v1::Campaign campaign = Contracting();
  v1::PolicyItem item;
  item.set_name("policyItems/contracting-regulation");
  item.set_campaign(campaign.name());
  (*item.mutable_title())["en"] = "Regulation on contracting social services";
  *item.mutable_agenda() = Step("2026-02-01", "Government action plan 2026, item 4.2");
  Violations v;
  ValidatePolicyItem(item, kToday, &v);
  EXPECT_TRUE(v.empty()) << Problems(v);
  StartPipeline("staff@keystone-md", &item);
  item.set_state(v1::POLICY_AGENDA);
  ASSERT_EQ(item.steps_size(), 1);
  EXPECT_EQ(item.steps(0).stage(), v1::POLICY_AGENDA);
  EXPECT_EQ(item.steps(0).actor(), "staff@keystone-md");
  const Principal member = ActingFor("apscf-md");
  // No stage skipped; the refusal names where it is and what comes next.
  absl::Status skip = Walk(AdvancePolicyTransition(campaign, v1::POLICY_ADOPTED,
                                                   Step("2026-03-01", "Decree 1"), "s", kToday),
                           member, &item);
  EXPECT_EQ(skip.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(skip.message(), HasSubstr("is at POLICY_AGENDA; the next stage is POLICY_DRAFTED"));
  // Not before the last step, not in the future, with a source.
  EXPECT_THAT(Walk(AdvancePolicyTransition(campaign, v1::POLICY_DRAFTED,
                                           Step("2026-01-15", "Draft 7"), "s", kToday),
                   member, &item)
                  .message(),
              HasSubstr("step.date: is before the last step's date (2026-02-01)"));
  EXPECT_EQ(Walk(AdvancePolicyTransition(campaign, v1::POLICY_DRAFTED, Step("2026-03-01", ""), "s",
                                         kToday),
                 member, &item)
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Walk(AdvancePolicyTransition(campaign, v1::POLICY_DRAFTED,
                                         Step("2027-01-01", "Draft 7"), "s", kToday),
                 member, &item)
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Walk(AdvancePolicyTransition(campaign, v1::POLICY_DRAFTED,
                                         Step("2026-03-01", "Draft 7"), "s", kToday),
                 ActingFor("ivc-md"), &item)
                .code(),
            absl::StatusCode::kPermissionDenied);
  const std::vector<std::pair<v1::PolicyStage, v1::PolicyStep>> path = {
      {v1::POLICY_DRAFTED, Step("2026-03-01", "Draft registered 7/2026")},
      {v1::POLICY_ADOPTED, Step("2026-05-20", "Government decision 123/2026")},
      {v1::POLICY_FUNDED, Step("2026-05-20", "State budget 2027, line 10.2.3")},
      {v1::POLICY_IMPLEMENTED, Step("2026-11-01", "First contracts signed")}};
  for (const auto& [stage, step] : path) {
    ASSERT_TRUE(Walk(AdvancePolicyTransition(campaign, stage, step, "staff@apscf-md", kToday),
                     member, &item)
                    .ok())
        << v1::PolicyStage_Name(stage);
  }
  EXPECT_EQ(item.state(), v1::POLICY_IMPLEMENTED);
  ASSERT_EQ(item.steps_size(), 5);
  EXPECT_EQ(item.steps(4).stage(), v1::POLICY_IMPLEMENTED);
  EXPECT_EQ(item.steps(2).source(), "Government decision 123/2026");
  // Implemented is the end.
  EXPECT_EQ(Walk(AdvancePolicyTransition(campaign, v1::POLICY_IMPLEMENTED, Step("2026-11-02", "x"),
                                         "s", kToday),
                 member, &item)
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace civitas::advocacy
