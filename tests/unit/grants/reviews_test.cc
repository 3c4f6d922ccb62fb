// A review as a record: validity, who reads it, its reviewer seat, its replacement. Without I/O.
#include "services/grants/domain/reviews.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const ProgrammeParties kProgrammeOfReview{"organizations/eu", "organizations/sfm"};

v1::Review ReviewBy(const std::string& reviewer, v1::ReviewState state = v1::REVIEW_ASSIGNED) {
  v1::Review r;
  r.set_name("reviews/r1");
  r.set_application("applications/a1");
  r.set_reviewer(reviewer);
  r.set_state(state);
  return r;
}

TEST(ValidateReview, NamesTheApplicationReviewerAndOverlongText) {
  Violations ok;
  ValidateReview(ReviewBy("reviewer-ana"), &ok);
  EXPECT_THAT(FieldsOf(ok), IsEmpty());

  v1::Review bad = ReviewBy("");
  bad.set_application("calls/c1");
  bad.set_comment(std::string(10001, 'x'));
  Violations v;
  ValidateReview(bad, &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("review.application", "review.reviewer", "review.comment"));
}

TEST(CanReadReview, ItsReviewerAndProgrammeStaffOnly) {
  Principal ana = Acting(kRoleReviewer);
  ana.subject = "reviewer-ana";
  const v1::Review review = ReviewBy("reviewer-ana");
  EXPECT_TRUE(CanReadReview(ana, review, nullptr)) << "the reviewer needs no programme read";
  EXPECT_FALSE(CanReadReview(Acting(kRoleCso, "organizations/sfm"), review, nullptr))
      << "staff are known only from the programme's parties";
  EXPECT_TRUE(CanReadReview(Acting(kRoleCso, "organizations/sfm"), review, &kProgrammeOfReview));
  EXPECT_FALSE(CanReadReview(Acting(kRoleReviewer), review, &kProgrammeOfReview))
      << "another reviewer";
  EXPECT_FALSE(
      CanReadReview(Acting(kRoleCso, "organizations/goris-women"), review, &kProgrammeOfReview))
      << "the applicant does not read its reviews";
  EXPECT_FALSE(CanReadReview(Principal::Anonymous(), ReviewBy(""), &kProgrammeOfReview));
}

TEST(HoldsReviewerSeat, EveryReviewButAReassignedOne) {
  EXPECT_FALSE(HoldsReviewerSeat(nullptr));
  for (v1::ReviewState s :
       {v1::REVIEW_ASSIGNED, v1::REVIEW_DECLARED, v1::REVIEW_CONFLICTED, v1::REVIEW_SUBMITTED}) {
    const v1::Review r = ReviewBy("reviewer-ana", s);
    EXPECT_TRUE(HoldsReviewerSeat(&r)) << v1::ReviewState_Name(s);
  }
  const v1::Review reassigned = ReviewBy("reviewer-ana", v1::REVIEW_REASSIGNED);
  EXPECT_FALSE(HoldsReviewerSeat(&reassigned));
}

TEST(ReplacementReview, AnotherReviewerOnTheSameApplication) {
  const v1::Review conflicted = ReviewBy("reviewer-ana", v1::REVIEW_CONFLICTED);
  const absl::Status same = CheckReplacementReviewer(conflicted, "reviewer-ana");
  EXPECT_EQ(same.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(same.message(), HasSubstr("reviewer:"));
  EXPECT_TRUE(CheckReplacementReviewer(conflicted, "reviewer-ion").ok());

  const v1::Review replacement = ReplacementReview(conflicted, "reviewer-ion");
  EXPECT_EQ(replacement.application(), "applications/a1");
  EXPECT_EQ(replacement.reviewer(), "reviewer-ion");
  EXPECT_TRUE(replacement.name().empty()) << "named by its create";
  EXPECT_EQ(replacement.state(), v1::REVIEW_STATE_UNSPECIFIED);
}

}  // namespace
}  // namespace civitas::grants
