// Scoring and ranking of applications: a review's weighted score, an application's score over
// its reviews, the divergence flag, the ranking of a call, and the funding line it suggests.
// Pure and exact: scores are integers in hundredths of a point on a 0..100 scale.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/common/field_violations.h"

namespace civitas::grants {

// Every criterion of `call` scored exactly once, within 0..max_score, and nothing else.
void ValidateScores(const v1::Call& call, const v1::Review& review, Violations* v);

// sum over criteria of weight% * score / max_score, in hundredths (0..10000), rounded half up.
// Call only with scores that passed ValidateScores.
int32_t WeightedScoreCenti(const v1::Call& call, const v1::Review& review);

struct ApplicationScore {
  // Mean of the reviews' weighted scores, rounded half up.
  int32_t score_centi = 0;
  // Highest minus lowest review score exceeds the call's divergence gap.
  bool divergent = false;
};

// FAILED_PRECONDITION when `review_scores_centi` is empty.
absl::StatusOr<ApplicationScore> ScoreApplication(const std::vector<int32_t>& review_scores_centi,
                                                  int32_t divergence_gap_centi);

// Records the submitted reviews' scores on `application` (ScoreApplication under the call's
// divergence gap, and how many were submitted); with as many reviews as the call asks for, it
// is SCORED. Returns the change's event name: `scored`, or `review_counted` while reviews are
// missing.
absl::StatusOr<std::string> RecordScores(const v1::Call& call,
                                         const std::vector<int32_t>& review_scores_centi,
                                         v1::Application* application);

struct RankEntry {
  std::string application;
  int32_t score_centi = 0;
  absl::Time submit_time;
  int64_t requested_minor = 0;
};

// By score (highest first), then submission time (earliest first), then name.
std::vector<RankEntry> RankOrder(std::vector<RankEntry> entries);

// Whether an application takes a place in its call's ranking: scored, and after (on the reserve
// list, awarded, rejected), so the ranking stays whole as decisions are made.
bool IsRanked(const v1::Application& application);
// Its place's facts: name, score, submission time, requested amount.
RankEntry RankEntryOf(const v1::Application& application);

enum class Proposal { kAward, kReserve, kReject };
// `AWARD`, `RESERVE`, `REJECT`: the API's words.
const char* ProposalName(Proposal proposal);

// Down the ranking: applications at or above the threshold are proposed for award while their
// requested amounts fit what is left of `available_minor`; from the first that does not fit on,
// for the reserve list (strict ranking order); below the threshold, for rejection. Staff decide;
// this is the suggestion they start from.
std::vector<Proposal> FundingLine(const std::vector<RankEntry>& ranked, int32_t threshold_centi,
                                  int64_t available_minor);

}  // namespace civitas::grants
