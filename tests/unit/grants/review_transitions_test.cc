// A review's transitions and what other reviewers see, applied by hand.
#include "services/grants/domain/review_transitions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

Principal Reviewer(const std::string& subject) {
  Principal p;
  p.subject = subject;
  p.roles = {kRoleReviewer};
  return p;
}

v1::Review Assigned() {
  v1::Review r;
  r.set_name("reviews/r1");
  r.set_application("applications/a1");
  r.set_reviewer("users/ana");
  r.set_state(v1::REVIEW_ASSIGNED);
  return r;
}

v1::Call TwoCriteria() {
  v1::Call c;
  for (auto [id, max, weight] : {std::tuple{"relevance", 10, 60}, {"capacity", 5, 40}}) {
    v1::EvaluationCriterion* k = c.add_criteria();
    k->set_id(id);
    k->set_max_score(max);
    k->set_weight_percent(weight);
  }
  return c;
}

v1::Review Scored(int relevance, int capacity) {
  v1::Review r;
  v1::CriterionScore* a = r.add_scores();
  a->set_criterion("relevance");
  a->set_score(relevance);
  v1::CriterionScore* b = r.add_scores();
  b->set_criterion("capacity");
  b->set_score(capacity);
  r.set_comment("solid plan");
  return r;
}

TEST(DeclareConflictOfInterest, FirstAndOnlyByTheAssignedReviewer) {
  auto none = DeclareConflictTransition(false, "");
  EXPECT_THAT(none.from, ElementsAre(v1::REVIEW_ASSIGNED));
  EXPECT_EQ(none.to, v1::REVIEW_DECLARED);
  EXPECT_TRUE(none.authorize(Reviewer("users/ana"), Assigned()).ok());
  EXPECT_EQ(none.authorize(Reviewer("users/ben"), Assigned()).code(),
            absl::StatusCode::kPermissionDenied);

  auto conflict = DeclareConflictTransition(true, "");
  EXPECT_EQ(conflict.to, v1::REVIEW_CONFLICTED);
  v1::Review after = Assigned();
  ASSERT_TRUE(conflict.effect(after).ok());
  Violations v;
  conflict.validate(Assigned(), after, &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("conflict_statement"));
}

TEST(SubmitScores, OnlyAfterDeclaringNoConflictAndWithEveryCriterion) {
  auto submit = SubmitScoresTransition(TwoCriteria(), Scored(8, 5), absl::FromUnixSeconds(100));
  EXPECT_THAT(submit.from, ElementsAre(v1::REVIEW_DECLARED)) << "not from CONFLICTED";
  v1::Review r = Assigned();
  r.set_state(v1::REVIEW_DECLARED);
  ASSERT_TRUE(submit.effect(r).ok());
  EXPECT_EQ(r.weighted_score_centi(), 8800);  // 60*8/10 + 40*5/5
  EXPECT_EQ(r.comment(), "solid plan");
  EXPECT_EQ(r.submit_time().seconds(), 100);
  Violations ok;
  submit.validate(Assigned(), r, &ok);
  EXPECT_TRUE(ok.empty());

  auto bad = SubmitScoresTransition(TwoCriteria(), Scored(11, 5), absl::FromUnixSeconds(100));
  v1::Review over = Assigned();
  ASSERT_TRUE(bad.effect(over).ok());
  Violations v;
  bad.validate(Assigned(), over, &v);
  EXPECT_THAT(FieldsOf(v), UnorderedElementsAre("review.scores[0].score"));
}

}  // namespace
}  // namespace civitas::grants
