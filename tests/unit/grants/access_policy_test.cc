// Grants' access rules, one test per role and rule.
#include "services/grants/domain/access_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using ::testing::HasSubstr;

const ProgrammeParties kParties{"organizations/eu", "organizations/sfm"};

v1::Application Application(v1::ApplicationState state) {
  v1::Application a;
  a.set_name("applications/a1");
  a.set_applicant("organizations/goris-women");
  a.set_state(state);
  return a;
}

TEST(GrantsAccess, ProgrammeStaffAreAdminsFunderAndLead) {
  EXPECT_TRUE(IsProgrammeStaff(Acting(kRoleAdmin), kParties));
  EXPECT_TRUE(IsProgrammeStaff(Acting(kRoleCso, "organizations/sfm"), kParties));
  EXPECT_TRUE(IsProgrammeStaff(Acting(kRoleCso, "organizations/eu"), kParties));
  EXPECT_FALSE(IsProgrammeStaff(Acting(kRoleCso, "organizations/goris-women"), kParties));
  EXPECT_FALSE(IsProgrammeStaff(Acting(kRoleMinistry), kParties));
  EXPECT_FALSE(IsProgrammeStaff(Principal::Anonymous(), {"", ""}))
      << "an empty party matches nobody";

  EXPECT_EQ(AuthorizeProgrammeStaff(Principal::Anonymous(), kParties, "publishing a call").code(),
            absl::StatusCode::kUnauthenticated);
  absl::Status denied =
      AuthorizeProgrammeStaff(Acting(kRoleCso, "organizations/other"), kParties, "awarding");
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(denied.message(), HasSubstr("awarding is reserved"));
}

TEST(GrantsAccess, DraftProgrammesAndCallsAreStaffOnlyPublishedOnesPublic) {
  v1::Programme programme;
  programme.set_funder("organizations/eu");
  programme.set_lead_organization("organizations/sfm");
  programme.set_state(v1::PROGRAMME_DRAFT);
  EXPECT_FALSE(CanReadProgramme(Principal::Anonymous(), programme));
  EXPECT_TRUE(CanReadProgramme(Acting(kRoleCso, "organizations/sfm"), programme));
  programme.set_state(v1::PROGRAMME_OPEN);
  EXPECT_TRUE(CanReadProgramme(Principal::Anonymous(), programme));

  v1::Call call;
  call.set_state(v1::CALL_DRAFT);
  EXPECT_FALSE(CanReadCall(Acting(kRoleCso, "organizations/goris-women"), call, kParties));
  EXPECT_TRUE(CanReadCall(Acting(kRoleAdmin), call, kParties));
  call.set_state(v1::CALL_PUBLISHED);
  EXPECT_TRUE(CanReadCall(Principal::Anonymous(), call, kParties));
}

TEST(GrantsAccess, ACsoSeesOnlyItsOwnApplications) {
  const Principal own = Acting(kRoleCso, "organizations/goris-women");
  const Principal other = Acting(kRoleCso, "organizations/kapan-youth");
  v1::Application draft = Application(v1::APPLICATION_DRAFT);
  EXPECT_TRUE(CanReadApplication(own, draft, kParties, ReviewerStanding::kNotAssigned));
  EXPECT_FALSE(CanReadApplication(other, draft, kParties, ReviewerStanding::kNotAssigned));
  EXPECT_FALSE(
      CanReadApplication(Acting(kRoleAdmin), draft, kParties, ReviewerStanding::kNotAssigned))
      << "a draft is the applicant's own";
  v1::Application submitted = Application(v1::APPLICATION_SUBMITTED);
  EXPECT_FALSE(CanReadApplication(other, submitted, kParties, ReviewerStanding::kNotAssigned));
  EXPECT_TRUE(CanReadApplication(Acting(kRoleCso, "organizations/sfm"), submitted, kParties,
                                 ReviewerStanding::kNotAssigned));
  EXPECT_FALSE(CanReadApplication(Principal::Anonymous(), submitted, kParties,
                                  ReviewerStanding::kNotAssigned));
}

TEST(GrantsAccess, AReviewerSeesAnAssignedApplicationOnlyAfterDeclaringNoConflict) {
  const Principal reviewer = Acting(kRoleReviewer);
  v1::Application a = Application(v1::APPLICATION_UNDER_REVIEW);
  EXPECT_FALSE(CanReadApplication(reviewer, a, kParties, ReviewerStanding::kNotAssigned));
  EXPECT_FALSE(CanReadApplication(reviewer, a, kParties, ReviewerStanding::kAssignedUndeclared));
  EXPECT_TRUE(CanReadApplication(reviewer, a, kParties, ReviewerStanding::kDeclaredNoConflict));
  EXPECT_FALSE(CanReadApplication(Acting(kRoleCso, "organizations/x"), a, kParties,
                                  ReviewerStanding::kDeclaredNoConflict))
      << "the standing counts for reviewers only";
}

TEST(GrantsAccess, OnlyTheApplicantEditsAndOnlyDrafts) {
  const Principal own = Acting(kRoleCso, "organizations/goris-women");
  EXPECT_TRUE(AuthorizeApplicationEdit(own, Application(v1::APPLICATION_DRAFT)).ok());
  EXPECT_EQ(AuthorizeApplicationEdit(own, Application(v1::APPLICATION_SUBMITTED)).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AuthorizeApplicationEdit(Acting(kRoleAdmin), Application(v1::APPLICATION_DRAFT)).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      AuthorizeApplicationEdit(Principal::Anonymous(), Application(v1::APPLICATION_DRAFT)).code(),
      absl::StatusCode::kUnauthenticated);
}

TEST(GrantsAccess, WithdrawalComesBeforeADecision) {
  const Principal own = Acting(kRoleCso, "organizations/goris-women");
  EXPECT_TRUE(AuthorizeWithdrawal(own, Application(v1::APPLICATION_SCORED)).ok());
  EXPECT_TRUE(AuthorizeWithdrawal(own, Application(v1::APPLICATION_RESERVE)).ok());
  EXPECT_EQ(AuthorizeWithdrawal(own, Application(v1::APPLICATION_AWARDED)).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AuthorizeWithdrawal(Acting(kRoleCso, "organizations/other"),
                                Application(v1::APPLICATION_SUBMITTED))
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(GrantsAccess, AnEligibilityOverrideIsStaffsWithAReason) {
  const Principal lead = Acting(kRoleCso, "organizations/sfm");
  EXPECT_TRUE(AuthorizeEligibilityOverride(lead, kParties, "registry record was late").ok());
  absl::Status no_reason = AuthorizeEligibilityOverride(lead, kParties, "  ");
  EXPECT_EQ(no_reason.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(no_reason.message(), HasSubstr("reason"));
  EXPECT_EQ(AuthorizeEligibilityOverride(Acting(kRoleReviewer), kParties, "why").code(),
            absl::StatusCode::kPermissionDenied);
}

// The standard changes each grants resource allows, decided in domain/ from what app/ read.
TEST(GrantsAccess, StandardChangesOfEachResource) {
  const Principal lead = Acting(kRoleCso, "organizations/sfm");
  const Principal grantee = Acting(kRoleCso, "organizations/goris-women");
  using records::Change;
  v1::Programme programme;
  programme.set_funder("organizations/eu");
  programme.set_lead_organization("organizations/sfm");
  EXPECT_TRUE(AuthorizeProgrammeChange(lead, Change::kUpdate, programme).ok());
  EXPECT_THAT(AuthorizeProgrammeChange(grantee, Change::kArchive, programme).message(),
              HasSubstr("archiving a programme is reserved"));
  EXPECT_EQ(AuthorizeCallChange(Principal::Anonymous(), Change::kCreate, {}).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(AuthorizeCallChange(grantee, Change::kCreate, kParties).message(),
              HasSubstr("creating a call is reserved"));
  // Grants and reviews are only created, by staff; every other change goes through a method.
  EXPECT_TRUE(AuthorizeGrantChange(lead, Change::kCreate, kParties).ok());
  EXPECT_THAT(AuthorizeGrantChange(Acting(kRoleAdmin), Change::kUpdate, kParties).message(),
              HasSubstr(":payTranche"));
  EXPECT_TRUE(AuthorizeReviewChange(lead, Change::kCreate, kParties).ok());
  EXPECT_EQ(AuthorizeReviewChange(grantee, Change::kCreate, kParties).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(AuthorizeReviewChange(Acting(kRoleAdmin), Change::kArchive, kParties).code(),
            absl::StatusCode::kPermissionDenied);
  // Reports: the grantee's own people, while a draft or sent back.
  v1::Grant grant;
  grant.set_recipient("organizations/goris-women");
  v1::Report report;
  report.set_name("reports/r1");
  report.set_state(v1::REPORT_DRAFT);
  EXPECT_TRUE(AuthorizeReportChange(grantee, Change::kUpdate, &report, &grant).ok());
  EXPECT_THAT(AuthorizeReportChange(lead, Change::kCreate, nullptr, &grant).message(),
              HasSubstr("only people of organizations/goris-women"));
  report.set_state(v1::REPORT_SUBMITTED);
  EXPECT_EQ(AuthorizeReportChange(grantee, Change::kUpdate, &report, &grant).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AuthorizeReportChange(Principal::Anonymous(), Change::kCreate, nullptr, nullptr).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(GrantsAccess, AReviewersStandingComesFromTheirOwnReview) {
  Principal reviewer = Acting(kRoleReviewer);
  reviewer.subject = "reviewer-ana";
  v1::Review review;
  review.set_reviewer("reviewer-ana");
  review.set_state(v1::REVIEW_ASSIGNED);
  EXPECT_EQ(StandingFrom(reviewer, &review), ReviewerStanding::kAssignedUndeclared);
  review.set_state(v1::REVIEW_DECLARED);
  EXPECT_EQ(StandingFrom(reviewer, &review), ReviewerStanding::kDeclaredNoConflict);
  review.set_state(v1::REVIEW_SUBMITTED);
  EXPECT_EQ(StandingFrom(reviewer, &review), ReviewerStanding::kDeclaredNoConflict);
  review.set_state(v1::REVIEW_REASSIGNED);
  EXPECT_EQ(StandingFrom(reviewer, &review), ReviewerStanding::kNotAssigned);
  review.set_state(v1::REVIEW_DECLARED);
  Principal other = reviewer;
  other.subject = "reviewer-ion";
  EXPECT_EQ(StandingFrom(other, &review), ReviewerStanding::kNotAssigned) << "not their review";
  EXPECT_EQ(StandingFrom(Acting(kRoleCso, "organizations/sfm"), &review),
            ReviewerStanding::kNotAssigned)
      << "not a reviewer";
  EXPECT_EQ(StandingFrom(reviewer, nullptr), ReviewerStanding::kNotAssigned);
}

TEST(GrantsAccess, TheProgrammeIsReadOnlyWhenTheAnswerDependsOnIt) {
  const Principal applicant = Acting(kRoleCso, "organizations/goris-women");
  const Principal staff = Acting(kRoleCso, "organizations/sfm");
  EXPECT_FALSE(ApplicationAccessNeedsProgramme(applicant, Application(v1::APPLICATION_SCORED)));
  EXPECT_FALSE(ApplicationAccessNeedsProgramme(staff, Application(v1::APPLICATION_DRAFT)));
  EXPECT_FALSE(
      ApplicationAccessNeedsProgramme(Principal::Anonymous(), Application(v1::APPLICATION_SCORED)));
  EXPECT_TRUE(ApplicationAccessNeedsProgramme(staff, Application(v1::APPLICATION_SCORED)));
  // Where nothing is read, the answer without parties is the right one.
  EXPECT_TRUE(CanReadApplication(applicant, Application(v1::APPLICATION_DRAFT), {},
                                 ReviewerStanding::kNotAssigned));
  EXPECT_FALSE(CanReadApplication(staff, Application(v1::APPLICATION_DRAFT), {},
                                  ReviewerStanding::kNotAssigned));

  v1::Call call;
  call.set_state(v1::CALL_DRAFT);
  EXPECT_TRUE(CallAccessNeedsProgramme(call));
  call.set_state(v1::CALL_PUBLISHED);
  EXPECT_FALSE(CallAccessNeedsProgramme(call));
  EXPECT_TRUE(CanReadCall(Principal::Anonymous(), call, {}));
}

}  // namespace
}  // namespace civitas::grants
