#include "services/grants/domain/scoring.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "libs/common/calendar.h"

namespace civitas::grants {

void ValidateScores(const v1::Call& call, const v1::Review& review, Violations* v) {
  std::map<std::string, const v1::EvaluationCriterion*> criteria;
  for (const auto& c : call.criteria()) criteria[c.id()] = &c;
  std::map<std::string, int> seen;
  for (int i = 0; i < review.scores_size(); ++i) {
    const v1::CriterionScore& s = review.scores(i);
    const std::string field = absl::StrCat("review.scores[", i, "]");
    auto it = criteria.find(s.criterion());
    if (it == criteria.end()) {
      v->Add(field + ".criterion", absl::StrCat("is not a criterion of the call: ", s.criterion()));
      continue;
    }
    if (++seen[s.criterion()] > 1) {
      v->Add(field + ".criterion", absl::StrCat("scores ", s.criterion(), " twice"));
    }
    if (s.score() < 0 || s.score() > it->second->max_score()) {
      v->Add(field + ".score",
             absl::StrCat("must be within [0, ", it->second->max_score(), "] for ", s.criterion()));
    }
  }
  for (const auto& [id, criterion] : criteria) {
    if (!seen.contains(id)) v->Add("review.scores", absl::StrCat("misses criterion ", id));
  }
}

int32_t WeightedScoreCenti(const v1::Call& call, const v1::Review& review) {
  // Each criterion contributes weight * score / max points; summed in millionths of a hundredth
  // (floor per criterion, at most 20 criteria: an error below 0.0001 of a hundredth), then
  // rounded half up to hundredths.
  constexpr int64_t kScale = 1'000'000;
  std::map<std::string, int32_t> max_of;
  for (const auto& c : call.criteria()) max_of[c.id()] = c.max_score();
  std::map<std::string, int32_t> weight_of;
  for (const auto& c : call.criteria()) weight_of[c.id()] = c.weight_percent();
  int64_t total = 0;
  for (const v1::CriterionScore& s : review.scores()) {
    auto max = max_of.find(s.criterion());
    if (max == max_of.end() || max->second <= 0) continue;
    total += int64_t{weight_of[s.criterion()]} * s.score() * 100 * kScale / max->second;
  }
  return static_cast<int32_t>((total + kScale / 2) / kScale);
}

absl::StatusOr<ApplicationScore> ScoreApplication(const std::vector<int32_t>& scores,
                                                  int32_t divergence_gap_centi) {
  if (scores.empty()) {
    return absl::FailedPreconditionError("an application is scored once a review is submitted");
  }
  int64_t sum = 0;
  for (int32_t s : scores) sum += s;
  const int64_t n = static_cast<int64_t>(scores.size());
  ApplicationScore out;
  out.score_centi = static_cast<int32_t>((2 * sum + n) / (2 * n));  // half up
  auto [lo, hi] = std::minmax_element(scores.begin(), scores.end());
  out.divergent = *hi - *lo > divergence_gap_centi;
  return out;
}

bool IsRanked(const v1::Application& application) {
  switch (application.state()) {
    case v1::APPLICATION_SCORED:
    case v1::APPLICATION_RESERVE:
    case v1::APPLICATION_AWARDED:
    case v1::APPLICATION_REJECTED:
      return true;
    default:
      return false;
  }
}

RankEntry RankEntryOf(const v1::Application& application) {
  return {application.name(), application.score_centi(), FromTimestamp(application.submit_time()),
          application.requested_amount().amount_minor()};
}

const char* ProposalName(Proposal proposal) {
  switch (proposal) {
    case Proposal::kAward:
      return "AWARD";
    case Proposal::kReserve:
      return "RESERVE";
    case Proposal::kReject:
      return "REJECT";
  }
  return "REJECT";
}

std::vector<RankEntry> RankOrder(std::vector<RankEntry> entries) {
  std::sort(entries.begin(), entries.end(), [](const RankEntry& a, const RankEntry& b) {
    if (a.score_centi != b.score_centi) return a.score_centi > b.score_centi;
    if (a.submit_time != b.submit_time) return a.submit_time < b.submit_time;
    return a.application < b.application;
  });
  return entries;
}

std::vector<Proposal> FundingLine(const std::vector<RankEntry>& ranked, int32_t threshold_centi,
                                  int64_t available_minor) {
  std::vector<Proposal> out;
  out.reserve(ranked.size());
  bool line_reached = false;
  for (const RankEntry& e : ranked) {
    if (e.score_centi < threshold_centi) {
      out.push_back(Proposal::kReject);
    } else if (!line_reached && e.requested_minor <= available_minor) {
      available_minor -= e.requested_minor;
      out.push_back(Proposal::kAward);
    } else {
      // Strict ranking order: a cheaper application ranked lower never passes one that did not
      // fit.
      line_reached = true;
      out.push_back(Proposal::kReserve);
    }
  }
  return out;
}

absl::StatusOr<std::string> RecordScores(const v1::Call& call,
                                         const std::vector<int32_t>& review_scores_centi,
                                         v1::Application* application) {
  absl::StatusOr<ApplicationScore> score =
      ScoreApplication(review_scores_centi, call.divergence_gap_centi());
  if (!score.ok()) return score.status();
  application->set_score_centi(score->score_centi);
  application->set_score_divergent(score->divergent);
  application->set_reviews_submitted(static_cast<int32_t>(review_scores_centi.size()));
  if (application->reviews_submitted() < call.reviewers_per_application()) return "review_counted";
  application->set_state(v1::APPLICATION_SCORED);
  return "scored";
}

}  // namespace civitas::grants
