// Programme, call and report transitions, applied by hand.
#include "services/grants/domain/call_transitions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::Programme Programme(v1::ProgrammeState state) {
  v1::Programme p;
  p.set_name("programmes/md");
  p.set_funder("organizations/eu");
  p.set_lead_organization("organizations/sfm");
  *p.mutable_envelope() = Eur(3'375'000'00);
  p.set_state(state);
  return p;
}

TEST(ProgrammeTransitions, OpenThenCloseByStaff) {
  auto open = OpenProgrammeTransition();
  EXPECT_THAT(open.from, ElementsAre(v1::PROGRAMME_DRAFT));
  EXPECT_EQ(open.to, v1::PROGRAMME_OPEN);
  EXPECT_TRUE(
      open.authorize(Acting(kRoleCso, "organizations/sfm"), Programme(v1::PROGRAMME_DRAFT)).ok());
  EXPECT_EQ(
      open.authorize(Acting(kRoleCso, "organizations/x"), Programme(v1::PROGRAMME_DRAFT)).code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(CloseProgrammeTransition().from, ElementsAre(v1::PROGRAMME_OPEN));
}

TEST(PublishCall, UnderAnOpenProgrammeWithValidRules) {
  auto publish = PublishCallTransition(Programme(v1::PROGRAMME_OPEN));
  EXPECT_EQ(publish.to, v1::CALL_PUBLISHED);
  v1::Call call;
  EXPECT_TRUE(publish.effect(call).ok());
  Violations v;
  publish.validate(call, call, &v);
  EXPECT_FALSE(v.empty()) << "an empty call cannot be published";

  auto too_early = PublishCallTransition(Programme(v1::PROGRAMME_DRAFT));
  EXPECT_THAT(too_early.effect(call).message(), HasSubstr("PROGRAMME_DRAFT"));
  EXPECT_EQ(too_early.authorize(Acting(kRoleReviewer, ""), call).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(ReportTransitions, TheRecipientSubmitsStaffAcceptsOrSendsBack) {
  v1::Grant grant;
  grant.set_recipient("organizations/goris-women");
  grant.set_state(v1::GRANT_ACTIVE);
  v1::Report report;
  report.set_grant("grants/g1");
  auto submit = SubmitReportTransition(grant, absl::FromUnixSeconds(42));
  EXPECT_THAT(submit.from, ElementsAre(v1::REPORT_DRAFT, v1::REPORT_REVISION_REQUESTED));
  EXPECT_TRUE(submit.authorize(Acting(kRoleCso, "organizations/goris-women"), report).ok());
  EXPECT_EQ(submit.authorize(Acting(kRoleCso, "organizations/sfm"), report).code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(submit.effect(report).ok());
  EXPECT_EQ(report.submit_time().seconds(), 42);

  grant.set_state(v1::GRANT_CLOSED);
  EXPECT_EQ(SubmitReportTransition(grant, absl::FromUnixSeconds(42))
                .authorize(Acting(kRoleCso, "organizations/goris-women"), report)
                .code(),
            absl::StatusCode::kFailedPrecondition);

  const ProgrammeParties parties{"organizations/eu", "organizations/sfm"};
  auto send_back = ReviewReportTransition(parties, false, " ");
  EXPECT_EQ(send_back.to, v1::REPORT_REVISION_REQUESTED);
  v1::Report after = report;
  ASSERT_TRUE(send_back.effect(after).ok());
  Violations v;
  send_back.validate(report, after, &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("review_comment"));
  auto accept = ReviewReportTransition(parties, true, "");
  EXPECT_EQ(accept.to, v1::REPORT_ACCEPTED);
  EXPECT_EQ(accept.authorize(Acting(kRoleCso, "organizations/goris-women"), report).code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace civitas::grants
