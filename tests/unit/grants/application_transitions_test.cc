// The application's transitions, applied by hand (RecordService applies them the same way:
// from-states, authorize, effect, to-state).
#include "services/grants/domain/application_transitions.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

namespace civitas::grants {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::Time kOpen = absl::FromUnixSeconds(1'767'225'600);  // 2026-01-01
const absl::Time kClose = kOpen + absl::Hours(24 * 31);

v1::Call OpenCall() {
  v1::Call c;
  c.set_name("calls/c1");
  c.set_state(v1::CALL_PUBLISHED);
  *c.mutable_open_time() = TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(kOpen));
  *c.mutable_close_time() = TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(kClose));
  return c;
}

v1::Application Draft() {
  v1::Application a;
  a.set_name("applications/a1");
  a.set_applicant("organizations/goris-women");
  a.set_state(v1::APPLICATION_DRAFT);
  return a;
}

Principal Applicant() {
  Principal p;
  p.subject = "anna";
  p.roles = {kRoleCso};
  p.organization = "organizations/goris-women";
  return p;
}

v1::EligibilityFailure Failure(const std::string& rule) {
  v1::EligibilityFailure f;
  f.set_rule(rule);
  return f;
}

TEST(Submit, WhileTheCallIsOpenTheCheckDecidesTheState) {
  auto submit = SubmitApplicationTransition(OpenCall(), kOpen + absl::Hours(1), {});
  EXPECT_THAT(submit.from, ElementsAre(v1::APPLICATION_DRAFT));
  v1::Application a = Draft();
  ASSERT_TRUE(submit.authorize(Applicant(), a).ok());
  ASSERT_TRUE(submit.effect(a).ok());
  EXPECT_EQ(a.state(), v1::APPLICATION_ELIGIBLE);
  EXPECT_EQ(TimeUtil::TimestampToSeconds(a.submit_time()), absl::ToUnixSeconds(kOpen) + 3600);

  v1::Application b = Draft();
  ASSERT_TRUE(
      SubmitApplicationTransition(OpenCall(), kOpen, {Failure("territory"), Failure("budget")})
          .effect(b)
          .ok());
  EXPECT_EQ(b.state(), v1::APPLICATION_INELIGIBLE);
  ASSERT_EQ(b.eligibility_failures_size(), 2);
  EXPECT_EQ(b.eligibility_failures(1).rule(), "budget");
}

TEST(Submit, NotBeforeTheCallOpensNorFromItsCloseOn) {
  v1::Application a = Draft();
  absl::Status early =
      SubmitApplicationTransition(OpenCall(), kOpen - absl::Seconds(1), {}).effect(a);
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.message(), HasSubstr("calls/c1 opens at 2026-01-01T00:00:00Z"));
  absl::Status late = SubmitApplicationTransition(OpenCall(), kClose, {}).effect(a);
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.message(), HasSubstr("closed at"));
  EXPECT_EQ(a.state(), v1::APPLICATION_DRAFT);
  EXPECT_FALSE(a.has_submit_time());

  v1::Call draft_call = OpenCall();
  draft_call.set_state(v1::CALL_DRAFT);
  EXPECT_THAT(SubmitApplicationTransition(draft_call, kOpen, {}).effect(a).message(),
              HasSubstr("CALL_DRAFT"));
}

TEST(Submit, OnlyByTheApplicantsOwnPeople) {
  Principal other = Applicant();
  other.organization = "organizations/kapan-youth";
  EXPECT_EQ(SubmitApplicationTransition(OpenCall(), kOpen, {}).authorize(other, Draft()).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(Withdraw, BeforeADecisionByTheApplicant) {
  auto withdraw = WithdrawApplicationTransition();
  EXPECT_EQ(withdraw.to, v1::APPLICATION_WITHDRAWN);
  v1::Application a = Draft();
  a.set_state(v1::APPLICATION_SCORED);
  EXPECT_TRUE(withdraw.authorize(Applicant(), a).ok());
  EXPECT_EQ(std::count(withdraw.from.begin(), withdraw.from.end(), v1::APPLICATION_AWARDED), 0);
  EXPECT_EQ(std::count(withdraw.from.begin(), withdraw.from.end(), v1::APPLICATION_REJECTED), 0);
}

TEST(OverrideEligibility, RecordsWhoWhenAndWhy) {
  const ProgrammeParties parties{"organizations/eu", "organizations/sfm"};
  auto override_to_eligible = OverrideEligibilityTransition(
      parties, true, "partnership signed late", "users/lead-officer", kOpen);
  EXPECT_EQ(override_to_eligible.to, v1::APPLICATION_ELIGIBLE);
  Principal lead;
  lead.subject = "users/lead-officer";
  lead.roles = {kRoleCso};
  lead.organization = "organizations/sfm";
  v1::Application a = Draft();
  a.set_state(v1::APPLICATION_INELIGIBLE);
  ASSERT_TRUE(override_to_eligible.authorize(lead, a).ok());
  EXPECT_EQ(override_to_eligible.authorize(Applicant(), a).code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(override_to_eligible.effect(a).ok());
  EXPECT_TRUE(a.eligibility_override().eligible());
  EXPECT_EQ(a.eligibility_override().reason(), "partnership signed late");
  EXPECT_EQ(a.eligibility_override().decided_by(), "users/lead-officer");
  EXPECT_EQ(TimeUtil::TimestampToSeconds(a.eligibility_override().decide_time()),
            absl::ToUnixSeconds(kOpen));

  auto without_reason =
      OverrideEligibilityTransition(parties, true, "", "users/lead-officer", kOpen);
  EXPECT_EQ(without_reason.authorize(lead, a).code(), absl::StatusCode::kInvalidArgument);
}

TEST(StartReview, AnEligibleApplicationGoesUnderReviewOthersStay) {
  v1::Application a;
  a.set_name("applications/a1");
  a.set_state(v1::APPLICATION_ELIGIBLE);
  Violations ok;
  CheckReviewable(a, "review.application", &ok);
  EXPECT_TRUE(ok.empty());
  EXPECT_TRUE(StartReview(&a));
  EXPECT_EQ(a.state(), v1::APPLICATION_UNDER_REVIEW);
  EXPECT_FALSE(StartReview(&a)) << "already under review";
  a.set_state(v1::APPLICATION_SCORED);
  EXPECT_FALSE(StartReview(&a));
  Violations v;
  CheckReviewable(a, "review.application", &v);
  ASSERT_EQ(v.items().size(), 1u);
  EXPECT_EQ(v.items()[0].field, "review.application");
  EXPECT_EQ(v.ToStatus().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace civitas::grants
