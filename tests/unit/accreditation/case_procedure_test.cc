// The accreditation procedure, stage by stage: who takes each step, what it checks, and the rules
// of the decision. Transitions are applied by hand (Walk) as RecordService applies them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/accreditation/domain/access_policy.h"
#include "services/accreditation/domain/case_transitions.h"
#include "services/accreditation/domain/cases.h"
#include "tests/unit/accreditation/accreditation_test_values.h"

namespace civitas::accreditation {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const absl::Time kNow = At(2026, 4, 1);

PinnedStandards Pinned() { return {{"day-care", DayCare()}}; }

std::vector<v1::ConditionVerdict> AllMet() {
  std::vector<v1::ConditionVerdict> out;
  for (auto c : {v1::LEGALLY_CONSTITUTED, v1::SERVICES_IN_FOUNDING_ACT, v1::FINANCIALLY_SUSTAINABLE,
                 v1::QUALIFIED_STAFF, v1::APPLIES_QUALITY_STANDARDS}) {
    v1::ConditionVerdict a;
    a.set_condition(c);
    a.set_verdict(v1::MET);
    out.push_back(a);
  }
  return out;
}

v1::AccreditationCase Initiated(v1::AccreditationKind kind = v1::INITIAL) { return NewCase(kind); }

// A case walked to CASE_DECISION with the assessor's scores and findings.
v1::AccreditationCase Evaluated(v1::StandardScores scores, std::vector<v1::Finding> findings = {},
                                v1::AccreditationKind kind = v1::INITIAL) {
  v1::AccreditationCase c = Initiated(kind);
  EXPECT_TRUE(Walk(RecordVerdictsTransition(AllMet(), "council@md", kNow), Body(), &c).ok());
  EXPECT_TRUE(
      Walk(StartSelfAssessmentTransition(Pinned(), "council@md", "", kNow), Body(), &c).ok());
  EXPECT_TRUE(Walk(SubmitSelfAssessmentTransition(Pinned(), {Scores(5, 9)}, "staff", kNow),
                   ProviderStaff(), &c)
                  .ok());
  EXPECT_TRUE(Walk(AssignAssessorTransition("assessor-ion", "council@md", kNow), Body(), &c).ok());
  v1::ExternalEvaluation e;
  e.set_site_visit_date("2026-03-20");
  *e.add_scores() = std::move(scores);
  for (auto& f : findings) *e.add_findings() = std::move(f);
  absl::Status s =
      Walk(SubmitEvaluationTransition(Pinned(), e, "assessor-ion", kNow), Assessor(), &c);
  EXPECT_TRUE(s.ok()) << s;
  return c;
}

v1::Finding Finding(const std::string& id, v1::FindingSeverity severity) {
  v1::Finding f;
  f.set_id(id);
  f.set_service_type("day-care");
  f.set_severity(severity);
  f.set_description("fire exits blocked");
  return f;
}

v1::CorrectiveAction Action(const std::string& id, const std::string& finding,
                            const std::string& deadline) {
  v1::CorrectiveAction a;
  a.set_id(id);
  a.set_finding(finding);
  a.set_description("clear the exits and train the staff");
  a.set_deadline(deadline);
  return a;
}

TEST(ValidateCase, NamesEveryBrokenField) {
  v1::AccreditationCase c = NewCase();
  Violations ok;
  ValidateCase(c, &ok);
  EXPECT_TRUE(ok.empty());
  c.set_provider("keystone");
  c.set_country("Moldova");
  c.set_kind(v1::ACCREDITATION_KIND_UNSPECIFIED);
  c.add_service_types("day-care");
  c.add_social_services("organizations/x");
  c.set_renews("certificates/MD-2025-000001");
  for (int i = 0; i < 2; ++i) {
    v1::ConditionEvidence* e = c.add_eligibility();
    e->set_condition(v1::QUALIFIED_STAFF);
    e->set_evidence("12 licensed social workers");
  }
  Violations v;
  ValidateCase(c, &v);
  const std::string problems = Problems(v);
  EXPECT_THAT(problems, HasSubstr("case.provider"));
  EXPECT_THAT(problems, HasSubstr("case.country"));
  EXPECT_THAT(problems, HasSubstr("case.kind"));
  EXPECT_THAT(problems, HasSubstr("case.service_types[1]: 'day-care' is listed twice"));
  EXPECT_THAT(problems, HasSubstr("case.social_services[1]"));
  EXPECT_THAT(problems, HasSubstr("case.renews: only a PERIODIC case renews"));
  EXPECT_THAT(problems, HasSubstr("case.eligibility[1].condition: is listed twice"));
}

TEST(Verdicts, TheLatestPerConditionWithWhoAndWhen) {
  v1::AccreditationCase c = Initiated();
  EXPECT_THAT(UnmetConditions(c), ElementsAre("LEGALLY_CONSTITUTED", "SERVICES_IN_FOUNDING_ACT",
                                              "FINANCIALLY_SUSTAINABLE", "QUALIFIED_STAFF",
                                              "APPLIES_QUALITY_STANDARDS"));
  v1::ConditionVerdict not_met;
  not_met.set_condition(v1::QUALIFIED_STAFF);
  not_met.set_verdict(v1::NOT_MET);
  not_met.set_note("no licensed staff");
  ASSERT_TRUE(Walk(RecordVerdictsTransition({not_met}, "council@md", kNow), Body(), &c).ok());
  EXPECT_THAT(FailedConditions(c), ElementsAre("QUALIFIED_STAFF"));
  ASSERT_TRUE(Walk(RecordVerdictsTransition(AllMet(), "council@ion", kNow), Body(), &c).ok());
  EXPECT_THAT(FailedConditions(c), IsEmpty()) << "the later verdict replaces the earlier one";
  EXPECT_THAT(UnmetConditions(c), IsEmpty());
  ASSERT_EQ(c.verdicts_size(), 5);
  EXPECT_EQ(c.verdicts(0).condition(), v1::QUALIFIED_STAFF);
  EXPECT_EQ(c.verdicts(0).actor(), "council@ion");
}

TEST(Edits, OnlyTheProviderEditsAndEveryEditIsRecordedClearingStaleVerdicts) {
  v1::AccreditationCase c = Initiated();
  EXPECT_TRUE(AuthorizeCaseEdit(ProviderStaff(), c).ok());
  EXPECT_EQ(AuthorizeCaseEdit(Body(), c).code(), absl::StatusCode::kPermissionDenied)
      << "the body judges the evidence, it does not rewrite it";
  EXPECT_EQ(AuthorizeCaseEdit(ProviderStaff("organizations/other"), c).code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(Walk(RecordVerdictsTransition(AllMet(), "council@md", kNow), Body(), &c).ok());
  const int history = c.history_size();

  v1::AccreditationCase after = c;
  v1::ConditionEvidence* staff = after.add_eligibility();
  staff->set_condition(v1::QUALIFIED_STAFF);
  staff->set_evidence("two social workers");
  after.add_service_types("home-care");
  RecordCaseEdit(c, &after, "staff@keystone", kNow);
  ASSERT_EQ(after.history_size(), history + 1);
  const v1::CaseEvent& e = after.history(history);
  EXPECT_EQ(e.actor(), "staff@keystone");
  EXPECT_EQ(
      e.note(),
      "edited eligibility (QUALIFIED_STAFF), service_types; verdicts cleared: QUALIFIED_STAFF");
  EXPECT_THAT(UnmetConditions(after), ElementsAre("QUALIFIED_STAFF"));
  // Nothing changed: nothing recorded.
  v1::AccreditationCase same = c;
  RecordCaseEdit(c, &same, "staff@keystone", kNow);
  EXPECT_EQ(same.history_size(), history);
}

TEST(Access, ProvidersSeeTheirOwnCasesAssessorsTheirAssignedOnes) {
  v1::AccreditationCase c = Initiated();
  EXPECT_TRUE(CanReadCase(ProviderStaff(), c));
  EXPECT_FALSE(CanReadCase(ProviderStaff("organizations/other"), c));
  EXPECT_TRUE(CanReadCase(Body(), c));
  EXPECT_FALSE(CanReadCase(Assessor(), c)) << "not assigned";
  c.mutable_evaluation()->set_assessor("assessor-ion");
  EXPECT_TRUE(CanReadCase(Assessor(), c));
  EXPECT_FALSE(CanReadCase(Assessor("assessor-ana"), c));
  EXPECT_FALSE(CanReadCase(Principal{}, c));
  EXPECT_TRUE(AuthorizeCaseCreate(ProviderStaff(), c).ok());
  EXPECT_EQ(AuthorizeCaseCreate(ProviderStaff("organizations/other"), c).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(AuthorizeCaseCreate(Principal{}, c).code(), absl::StatusCode::kUnauthenticated);
}

TEST(Procedure, EachStepFromItsStageByItsRole) {
  v1::AccreditationCase c = Initiated();
  // The provider cannot give verdicts; the body can.
  EXPECT_EQ(Walk(RecordVerdictsTransition(AllMet(), "x", kNow), ProviderStaff(), &c).code(),
            absl::StatusCode::kPermissionDenied);
  // Not yet in self-assessment: FAILED_PRECONDITION naming the stage.
  absl::Status early = Walk(SubmitSelfAssessmentTransition(Pinned(), {Scores(5, 9)}, "staff", kNow),
                            ProviderStaff(), &c);
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.message(), HasSubstr("CASE_INITIATION"));

  // The self-assessment starts only once all five are met, naming those that are not.
  const std::vector<v1::ConditionVerdict> all = AllMet();
  std::vector<v1::ConditionVerdict> three(all.begin(), all.begin() + 3);
  ASSERT_TRUE(Walk(RecordVerdictsTransition(three, "council@md", kNow), Body(), &c).ok());
  absl::Status unmet =
      Walk(StartSelfAssessmentTransition(Pinned(), "council@md", "", kNow), Body(), &c);
  EXPECT_EQ(unmet.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(unmet.message(), HasSubstr("QUALIFIED_STAFF, APPLIES_QUALITY_STANDARDS"));
  ASSERT_TRUE(Walk(RecordVerdictsTransition(AllMet(), "council@md", kNow), Body(), &c).ok());
  // No standard in force for a service type: refused naming it.
  EXPECT_THAT(Walk(StartSelfAssessmentTransition({}, "council@md", "", kNow), Body(), &c).message(),
              HasSubstr("no published quality standard for MD / day-care"));
  ASSERT_TRUE(
      Walk(StartSelfAssessmentTransition(Pinned(), "council@md", "", kNow), Body(), &c).ok());
  EXPECT_EQ(c.state(), v1::CASE_SELF_ASSESSMENT);
  ASSERT_EQ(c.self_assessment_size(), 1);
  EXPECT_EQ(c.self_assessment(0).standard(), "standards/md-day-care-v1") << "pinned";
  EXPECT_THAT(PinnedStandardNames(c), ElementsAre("standards/md-day-care-v1"));

  // Only the provider's people submit the self-assessment, scoring every criterion.
  EXPECT_EQ(
      Walk(SubmitSelfAssessmentTransition(Pinned(), {Scores(5, 9)}, "x", kNow), Body(), &c).code(),
      absl::StatusCode::kPermissionDenied);
  absl::Status unscored =
      Walk(SubmitSelfAssessmentTransition(Pinned(), {}, "staff", kNow), ProviderStaff(), &c);
  EXPECT_EQ(unscored.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(Walk(SubmitSelfAssessmentTransition(Pinned(), {Scores(5, 9)}, "staff", kNow),
                   ProviderStaff(), &c)
                  .ok());
  EXPECT_EQ(c.state(), v1::CASE_EXTERNAL_EVALUATION);
  EXPECT_EQ(c.self_assessment(0).scores_size(), 2);

  // Only the assigned assessor evaluates.
  v1::ExternalEvaluation e;
  e.set_site_visit_date("2026-03-20");
  *e.add_scores() = Scores(4, 8);
  EXPECT_THAT(Walk(SubmitEvaluationTransition(Pinned(), e, "x", kNow), Assessor(), &c).message(),
              HasSubstr("has no assessor yet"));
  ASSERT_TRUE(Walk(AssignAssessorTransition("assessor-ana", "council@md", kNow), Body(), &c).ok());
  ASSERT_TRUE(Walk(AssignAssessorTransition("assessor-ion", "council@md", kNow), Body(), &c).ok());
  EXPECT_THAT(c.history().rbegin()->note(), HasSubstr("assessor-ion replaces assessor-ana"));
  EXPECT_EQ(
      Walk(SubmitEvaluationTransition(Pinned(), e, "x", kNow), Assessor("assessor-ana"), &c).code(),
      absl::StatusCode::kPermissionDenied);
  v1::ExternalEvaluation future = e;
  future.set_site_visit_date("2026-04-02");
  EXPECT_THAT(
      Walk(SubmitEvaluationTransition(Pinned(), future, "x", kNow), Assessor(), &c).message(),
      HasSubstr("site_visit_date"));
  ASSERT_TRUE(
      Walk(SubmitEvaluationTransition(Pinned(), e, "assessor-ion", kNow), Assessor(), &c).ok());
  EXPECT_EQ(c.state(), v1::CASE_DECISION);
  EXPECT_EQ(c.evaluation().assessor(), "assessor-ion");
  EXPECT_EQ(c.evaluation().scores(0).standard(), "standards/md-day-care-v1");

  // Decided by the body only.
  DecisionRequest accredit{v1::ACCREDIT, {}, {}};
  EXPECT_EQ(Walk(DecideTransition(Pinned(), accredit, Moldova(), "certificates/MD-2026-000001", "x",
                                  kNow),
                 ProviderStaff(), &c)
                .code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(Walk(DecideTransition(Pinned(), accredit, Moldova(), "certificates/MD-2026-000001",
                                    "council@md", kNow),
                   Body(), &c)
                  .ok());
  EXPECT_EQ(c.state(), v1::CASE_DECIDED);
  EXPECT_EQ(c.decision().certificate(), "certificates/MD-2026-000001");
  EXPECT_EQ(c.decision().decided_by(), "council@md");
  // Every step is in the history with who made it.
  EXPECT_GE(c.history_size(), 8);
  EXPECT_EQ(c.history().rbegin()->actor(), "council@md");
  EXPECT_EQ(c.history().rbegin()->state(), v1::CASE_DECIDED);
  // Decided cases are not withdrawn.
  EXPECT_EQ(
      Walk(WithdrawCaseTransition("changed our mind", "staff", kNow), ProviderStaff(), &c).code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(Decide, AccreditOnlyWhenEveryStandardIsMetWithoutMajorFindings) {
  v1::AccreditationCase below = Evaluated(Scores(2, 10));
  absl::Status s =
      CheckDecision(below, Pinned(), {v1::ACCREDIT, {}, {}}, Moldova(), absl::CivilDay(2026, 4, 1));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("mandatory criteria below their minimum: staff"));

  v1::AccreditationCase low = Evaluated(Scores(3, 2));
  EXPECT_THAT(
      CheckDecision(low, Pinned(), {v1::ACCREDIT, {}, {}}, Moldova(), absl::CivilDay(2026, 4, 1))
          .message(),
      HasSubstr("weighted score 44.00% is below the pass score of 60%"));

  v1::AccreditationCase major = Evaluated(Scores(5, 9), {Finding("f1", v1::MAJOR)});
  EXPECT_THAT(
      CheckDecision(major, Pinned(), {v1::ACCREDIT, {}, {}}, Moldova(), absl::CivilDay(2026, 4, 1))
          .message(),
      HasSubstr("finding f1 is MAJOR"));

  v1::AccreditationCase good = Evaluated(Scores(4, 5), {Finding("f1", v1::MINOR)});
  EXPECT_TRUE(
      CheckDecision(good, Pinned(), {v1::ACCREDIT, {}, {}}, Moldova(), absl::CivilDay(2026, 4, 1))
          .ok());
  EXPECT_EQ(CertificateKind(good, v1::ACCREDIT), v1::INITIAL);

  v1::AccreditationCase provisional_case = Evaluated(Scores(5, 9), {}, v1::PROVISIONAL);
  EXPECT_THAT(CheckDecision(provisional_case, Pinned(), {v1::ACCREDIT, {}, {}}, Moldova(),
                            absl::CivilDay(2026, 4, 1))
                  .message(),
              HasSubstr("accredited provisionally or refused"));
}

TEST(Decide, ProvisionallyWithADatedCorrectiveActionForEveryMajorFinding) {
  const absl::CivilDay today(2026, 4, 1);
  v1::AccreditationCase c =
      Evaluated(Scores(5, 9), {Finding("f1", v1::MAJOR), Finding("f2", v1::MAJOR)});
  DecisionRequest none{v1::ACCREDIT_PROVISIONALLY, {}, {}};
  absl::Status s = CheckDecision(c, Pinned(), none, Moldova(), today);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("reasons"));
  EXPECT_THAT(s.message(), HasSubstr("needs at least one corrective action"));

  DecisionRequest partial{v1::ACCREDIT_PROVISIONALLY,
                          {"fire safety to correct"},
                          {Action("ca1", "f1", "2026-06-30"), Action("ca1", "f9", "2026-03-31"),
                           Action("ca3", "", "2027-05-01")}};
  s = CheckDecision(c, Pinned(), partial, Moldova(), today);
  EXPECT_THAT(s.message(), HasSubstr("corrective_actions[1].id: 'ca1' is used by an earlier"));
  EXPECT_THAT(s.message(), HasSubstr("corrective_actions[1].deadline: must be after today"));
  EXPECT_THAT(s.message(), HasSubstr("corrective_actions[1].finding: 'f9' is not a finding"));
  EXPECT_THAT(s.message(), HasSubstr("corrective_actions[2].deadline: is after 2027-03-31"));
  EXPECT_THAT(s.message(), HasSubstr("the MAJOR finding f2 has no corrective action"));

  DecisionRequest good{v1::ACCREDIT_PROVISIONALLY,
                       {"fire safety to correct"},
                       {Action("ca1", "f1", "2026-06-30"), Action("ca2", "f2", "2026-09-30")}};
  ASSERT_TRUE(CheckDecision(c, Pinned(), good, Moldova(), today).ok());
  EXPECT_EQ(CertificateKind(c, v1::ACCREDIT_PROVISIONALLY), v1::PROVISIONAL);
  ASSERT_TRUE(Walk(DecideTransition(Pinned(), good, Moldova(), "certificates/MD-2026-000002",
                                    "council@md", kNow),
                   Body(), &c)
                  .ok());
  ASSERT_EQ(c.corrective_actions_size(), 2);
  EXPECT_EQ(c.corrective_actions(0).state(), v1::ACTION_OPEN);

  // Overdue once the deadline passed; done once the body confirms it.
  EXPECT_THAT(OverdueActionsOf(c, absl::CivilDay(2026, 6, 30)), IsEmpty());
  ASSERT_EQ(OverdueActionsOf(c, absl::CivilDay(2026, 7, 1)).size(), 1u);
  ASSERT_TRUE(Walk(CompleteCorrectiveActionTransition("ca1", absl::CivilDay(2026, 3, 30),
                                                      "exits cleared", "council@md", kNow),
                   Body(), &c)
                  .ok());
  EXPECT_THAT(OverdueActionsOf(c, absl::CivilDay(2026, 7, 1)), IsEmpty());
  EXPECT_EQ(
      Walk(CompleteCorrectiveActionTransition("ca1", absl::CivilDay(2026, 3, 30), "", "x", kNow),
           Body(), &c)
          .code(),
      absl::StatusCode::kFailedPrecondition)
      << "done once";
  EXPECT_EQ(
      Walk(CompleteCorrectiveActionTransition("ca9", absl::CivilDay(2026, 3, 30), "", "x", kNow),
           Body(), &c)
          .code(),
      absl::StatusCode::kInvalidArgument);

  v1::AccreditationCase critical = Evaluated(Scores(5, 9), {Finding("f1", v1::CRITICAL)});
  EXPECT_THAT(CheckDecision(critical, Pinned(), good, Moldova(), today).message(),
              HasSubstr("CRITICAL finding f1"));
}

TEST(Decide, RefusalNeedsReasonsAndFromInitiationANotMetCondition) {
  const absl::CivilDay today(2026, 4, 1);
  v1::AccreditationCase c = Initiated();
  DecisionRequest refuse{v1::REFUSE, {"not legally constituted"}, {}};
  EXPECT_THAT(CheckDecision(c, Pinned(), refuse, Moldova(), today).message(),
              HasSubstr("only once an eligibility condition is found NOT_MET"));
  v1::ConditionVerdict not_met;
  not_met.set_condition(v1::LEGALLY_CONSTITUTED);
  not_met.set_verdict(v1::NOT_MET);
  not_met.set_note("no registration extract");
  ASSERT_TRUE(Walk(RecordVerdictsTransition({not_met}, "council@md", kNow), Body(), &c).ok());
  EXPECT_THAT(FailedConditions(c), ElementsAre("LEGALLY_CONSTITUTED"));
  EXPECT_EQ(CheckDecision(c, Pinned(), {v1::REFUSE, {}, {}}, Moldova(), today).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckDecision(c, Pinned(), {v1::ACCREDIT, {}, {}}, Moldova(), today).code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(
      Walk(DecideTransition(Pinned(), refuse, Moldova(), "", "council@md", kNow), Body(), &c).ok());
  EXPECT_EQ(c.decision().outcome(), v1::REFUSE);
  EXPECT_TRUE(c.decision().certificate().empty());
}

TEST(Verdicts, MetOrNotMetWithANoteForNotMet) {
  v1::ConditionVerdict bad;
  bad.set_condition(v1::QUALIFIED_STAFF);
  bad.set_verdict(v1::NOT_MET);
  v1::ConditionVerdict pending;
  pending.set_condition(v1::QUALIFIED_STAFF);
  Violations v;
  ValidateVerdicts({bad, pending}, &v);
  const std::string problems = Problems(v);
  EXPECT_THAT(problems, HasSubstr("verdicts[0].note"));
  EXPECT_THAT(problems, HasSubstr("verdicts[1].condition: is given twice"));
  EXPECT_THAT(problems, HasSubstr("verdicts[1].verdict: must be MET or NOT_MET"));
}

TEST(Withdraw, TheProviderBeforeTheDecisionWithAReason) {
  v1::AccreditationCase c = Initiated();
  EXPECT_EQ(Walk(WithdrawCaseTransition("", "staff", kNow), ProviderStaff(), &c).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Walk(WithdrawCaseTransition("merging", "x", kNow), Body(), &c).code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(Walk(WithdrawCaseTransition("merging with another provider", "staff", kNow),
                   ProviderStaff(), &c)
                  .ok());
  EXPECT_EQ(c.state(), v1::CASE_WITHDRAWN);
}

// The standard changes of cases, certificates and standards, decided in domain/.
TEST(Edits, StandardChangesOfCasesCertificatesAndStandards) {
  using records::Change;
  v1::AccreditationCase c = NewCase();
  EXPECT_EQ(AuthorizeCaseChange(Body(), Change::kArchive, &c, c).code(),
            absl::StatusCode::kFailedPrecondition)
      << "a case in initiation is not archived";
  c.set_state(v1::CASE_DECIDED);
  EXPECT_TRUE(AuthorizeCaseChange(Body(), Change::kArchive, &c, c).ok());
  EXPECT_EQ(AuthorizeCaseChange(ProviderStaff(), Change::kArchive, &c, c).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(AuthorizeCertificateChange(Body(), Change::kCreate).ok());
  EXPECT_EQ(AuthorizeCertificateChange(Body(), Change::kUpdate).code(),
            absl::StatusCode::kPermissionDenied);
  v1::QualityStandard published = DayCare();
  published.set_state(v1::STANDARD_PUBLISHED);
  EXPECT_TRUE(AuthorizeStandardChange(Body(), Change::kCreate, nullptr).ok());
  EXPECT_THAT(AuthorizeStandardChange(Body(), Change::kUpdate, &published).message(),
              HasSubstr("frozen"));
  EXPECT_EQ(AuthorizeStandardChange(ProviderStaff(), Change::kCreate, nullptr).code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace civitas::accreditation
