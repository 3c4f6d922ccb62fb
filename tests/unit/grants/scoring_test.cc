// Scoring and ranking, without I/O.
#include "services/grants/domain/scoring.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/common/calendar.h"
#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

v1::Call ThreeCriteria() {
  v1::Call c;
  auto add = [&](const std::string& id, int max, int weight) {
    v1::EvaluationCriterion* k = c.add_criteria();
    k->set_id(id);
    k->set_max_score(max);
    k->set_weight_percent(weight);
  };
  add("relevance", 30, 40);
  add("capacity", 20, 30);
  add("sustainability", 7, 30);
  return c;
}

v1::Review Scores(int relevance, int capacity, int sustainability) {
  v1::Review r;
  auto add = [&](const std::string& id, int score) {
    v1::CriterionScore* s = r.add_scores();
    s->set_criterion(id);
    s->set_score(score);
  };
  add("relevance", relevance);
  add("capacity", capacity);
  add("sustainability", sustainability);
  return r;
}

TEST(ValidateScores, EveryCriterionOnceWithinItsMaximum) {
  Violations ok;
  ValidateScores(ThreeCriteria(), Scores(30, 0, 7), &ok);
  EXPECT_THAT(FieldsOf(ok), IsEmpty());

  v1::Review r = Scores(31, -1, 7);
  r.mutable_scores(2)->set_criterion("capacity");
  v1::CriterionScore* extra = r.add_scores();
  extra->set_criterion("charm");
  Violations v;
  ValidateScores(ThreeCriteria(), r, &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("review.scores[0].score", "review.scores[1].score",
                                       "review.scores[2].criterion", "review.scores[3].criterion",
                                       "review.scores"));
  EXPECT_EQ(v.items()[4].description, "misses criterion sustainability");
}

TEST(WeightedScoreCenti, IsExactInHundredthsRoundedHalfUp) {
  EXPECT_EQ(WeightedScoreCenti(ThreeCriteria(), Scores(30, 20, 7)), 10000);
  EXPECT_EQ(WeightedScoreCenti(ThreeCriteria(), Scores(0, 0, 0)), 0);
  // 40*15/30 + 30*10/20 + 30*3/7 = 20 + 15 + 12.857142... = 47.857142... -> 47.86
  EXPECT_EQ(WeightedScoreCenti(ThreeCriteria(), Scores(15, 10, 3)), 4786);
  // 30*1/7 = 4.285714... -> 4.29
  EXPECT_EQ(WeightedScoreCenti(ThreeCriteria(), Scores(0, 0, 1)), 429);
}

TEST(ScoreApplication, MeanOverReviewsAndTheDivergenceFlag) {
  auto score = ScoreApplication({7000, 7501}, 2000);
  ASSERT_TRUE(score.ok());
  EXPECT_EQ(score->score_centi, 7251);  // 7250.5 rounds half up
  EXPECT_FALSE(score->divergent);

  score = ScoreApplication({5000, 7001}, 2000);
  ASSERT_TRUE(score.ok());
  EXPECT_TRUE(score->divergent) << "20.01 points apart, gap 20.00";
  score = ScoreApplication({5000, 7000}, 2000);
  EXPECT_FALSE(score->divergent) << "exactly the gap is not beyond it";

  EXPECT_EQ(ScoreApplication({}, 2000).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(Rank, ByScoreThenEarliestSubmissionThenName) {
  absl::Time t0 = absl::FromUnixSeconds(1'767'225'600);
  auto ranked = RankOrder({{"applications/late", 8000, t0 + absl::Hours(2), 0},
                           {"applications/b", 8000, t0, 0},
                           {"applications/top", 9100, t0 + absl::Hours(5), 0},
                           {"applications/a", 8000, t0, 0},
                           {"applications/low", 4000, t0, 0}});
  std::vector<std::string> names;
  for (const auto& e : ranked) names.push_back(e.application);
  EXPECT_THAT(names, ElementsAre("applications/top", "applications/a", "applications/b",
                                 "applications/late", "applications/low"));
}

TEST(Ranking, ScoredApplicationsKeepTheirPlaceAsDecisionsAreMade) {
  v1::Application a;
  a.set_name("applications/a1");
  a.set_score_centi(8150);
  *a.mutable_submit_time() = ToTimestamp(absl::FromUnixSeconds(1'767'225'600));
  *a.mutable_requested_amount() = Eur(20'000'00);
  for (v1::ApplicationState s : {v1::APPLICATION_SCORED, v1::APPLICATION_RESERVE,
                                 v1::APPLICATION_AWARDED, v1::APPLICATION_REJECTED}) {
    a.set_state(s);
    EXPECT_TRUE(IsRanked(a)) << v1::ApplicationState_Name(s);
  }
  for (v1::ApplicationState s :
       {v1::APPLICATION_DRAFT, v1::APPLICATION_SUBMITTED, v1::APPLICATION_ELIGIBLE,
        v1::APPLICATION_INELIGIBLE, v1::APPLICATION_UNDER_REVIEW, v1::APPLICATION_WITHDRAWN,
        v1::APPLICATION_ARCHIVED}) {
    a.set_state(s);
    EXPECT_FALSE(IsRanked(a)) << v1::ApplicationState_Name(s);
  }
  const RankEntry e = RankEntryOf(a);
  EXPECT_EQ(e.application, "applications/a1");
  EXPECT_EQ(e.score_centi, 8150);
  EXPECT_EQ(e.submit_time, absl::FromUnixSeconds(1'767'225'600));
  EXPECT_EQ(e.requested_minor, 20'000'00);
  EXPECT_STREQ(ProposalName(Proposal::kAward), "AWARD");
  EXPECT_STREQ(ProposalName(Proposal::kReserve), "RESERVE");
  EXPECT_STREQ(ProposalName(Proposal::kReject), "REJECT");
}

TEST(FundingLine, FundsInRankOrderUntilTheMoneyEndsThenReservesAndRejects) {
  absl::Time t = absl::FromUnixSeconds(0);
  std::vector<RankEntry> ranked = {{"a", 9000, t, 20'000'00},
                                   {"b", 8500, t, 15'000'00},
                                   {"c", 8000, t, 10'000'00},
                                   {"d", 7000, t, 1'000'00},
                                   {"e", 6400, t, 1'000'00}};
  EXPECT_THAT(FundingLine(ranked, 6500, 36'000'00),
              ElementsAre(Proposal::kAward, Proposal::kAward, Proposal::kReserve,
                          Proposal::kReserve, Proposal::kReject))
      << "d fits the EUR 1,000 left but ranks below c, which did not";
  EXPECT_THAT(FundingLine(ranked, 0, 100'000'00),
              ElementsAre(Proposal::kAward, Proposal::kAward, Proposal::kAward, Proposal::kAward,
                          Proposal::kAward));
}

// The scores a review adds to its application: counted until the call's number of reviewers is
// reached, then SCORED.
TEST(RecordScores, CountsUntilTheCallsReviewersThenScored) {
  v1::Call call;
  call.set_reviewers_per_application(2);
  call.set_divergence_gap_centi(2000);
  v1::Application a;
  a.set_state(v1::APPLICATION_UNDER_REVIEW);
  auto first = RecordScores(call, {7000}, &a);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, "review_counted");
  EXPECT_EQ(a.state(), v1::APPLICATION_UNDER_REVIEW);
  EXPECT_EQ(a.reviews_submitted(), 1);
  auto second = RecordScores(call, {7000, 9500}, &a);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, "scored");
  EXPECT_EQ(a.state(), v1::APPLICATION_SCORED);
  EXPECT_EQ(a.score_centi(), 8250);
  EXPECT_TRUE(a.score_divergent());
}

}  // namespace
}  // namespace civitas::grants
