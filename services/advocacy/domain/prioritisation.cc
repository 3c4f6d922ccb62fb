#include "services/advocacy/domain/prioritisation.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/request_fingerprint.h"
#include "services/advocacy/domain/planning_cycles.h"

namespace civitas::advocacy {
namespace {

constexpr size_t kRoundNameLength = 300;
constexpr int kMaxRoundNeeds = 100;
constexpr int kMaxRoundParticipants = 500;
constexpr int32_t kMaxScore = 5;

std::string TallyField(const std::string& need, absl::string_view what) {
  return absl::StrCat(aip::IdIn<v1::Need>(need), ":", what);
}

std::string GroupTallyField(const std::string& need, v1::ParticipantGroup group,
                            absl::string_view what) {
  return absl::StrCat(aip::IdIn<v1::Need>(need), ":", v1::ParticipantGroup_Name(group), ":", what);
}

// A vote's weight in the tallies: (1, score) when cast, nothing otherwise.
void CountVote(const v1::Vote& vote, int sign, std::vector<TotalChange>* out) {
  if (vote.state() != v1::VOTE_CAST) return;
  const std::string key = TallyKey(vote.round());
  out->push_back({key, TallyField(vote.need(), "count"), sign});
  out->push_back({key, TallyField(vote.need(), "sum"), sign * int64_t{vote.score()}});
  out->push_back({key, GroupTallyField(vote.need(), vote.group(), "count"), sign});
  out->push_back(
      {key, GroupTallyField(vote.need(), vote.group(), "sum"), sign * int64_t{vote.score()}});
}

absl::Status VoterOnly(const Principal& p, const v1::Vote& vote) {
  if (!p.subject.empty() && p.subject == vote.voter()) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("only its voter changes ", vote.name(), "; each person casts their own vote"));
}

}  // namespace

void ValidateRound(const v1::PrioritisationRound& r, Violations* v) {
  aip::CheckNameOf<v1::PlanningCycle>(r.cycle(), "prioritisation_round.cycle", true, v);
  aip::CheckLocalizedText(r.display_name(), "prioritisation_round.display_name", true,
                          kRoundNameLength, v);
  aip::CheckEnum(r.method(), v1::RoundMethod_descriptor(), {}, "prioritisation_round.method", v);
  if (r.needs().empty() || r.needs_size() > kMaxRoundNeeds) {
    v->Add("prioritisation_round.needs", absl::StrCat("must hold 1 to ", kMaxRoundNeeds, " needs"));
  }
  std::set<std::string> needs;
  for (int i = 0; i < r.needs_size(); ++i) {
    const std::string f = absl::StrCat("prioritisation_round.needs[", i, "]");
    aip::CheckNameOf<v1::Need>(r.needs(i), f, true, v);
    if (!needs.insert(r.needs(i)).second) v->Add(f, "is listed twice");
  }
  if (r.participants().empty() || r.participants_size() > kMaxRoundParticipants) {
    v->Add("prioritisation_round.participants",
           absl::StrCat("must hold 1 to ", kMaxRoundParticipants, " organisations"));
  }
  std::set<std::string> orgs;
  for (int i = 0; i < r.participants_size(); ++i) {
    const std::string f = absl::StrCat("prioritisation_round.participants[", i, "]");
    const v1::RoundParticipant& p = r.participants(i);
    aip::CheckNameOf<registry::v1::Organization>(p.organization(), f + ".organization", true, v);
    if (!orgs.insert(p.organization()).second) v->Add(f + ".organization", "is listed twice");
    aip::CheckEnum(p.group(), v1::ParticipantGroup_descriptor(), {}, f + ".group", v);
  }
  aip::CheckDate(r.closes_on(), "prioritisation_round.closes_on", false, v);
}

std::optional<v1::RoundParticipant> ParticipantOf(const v1::PrioritisationRound& round,
                                                  const Principal& p) {
  if (p.organization.empty()) return std::nullopt;
  for (const v1::RoundParticipant& participant : round.participants()) {
    if (participant.organization() == p.organization) return participant;
  }
  return std::nullopt;
}

void CheckScore(v1::RoundMethod method, int32_t score, Violations* v) {
  if (method == v1::APPROVAL && score != 1) {
    v->Add("score", "must be 1 in an APPROVAL round (withdraw the vote to take it back)");
  } else if (method == v1::SCORING && (score < 1 || score > kMaxScore)) {
    v->Add("score", absl::StrCat("must be 1..", kMaxScore, " in a SCORING round"));
  }
}

std::string VoteId(const std::string& round, const std::string& voter, const std::string& need) {
  return absl::StrCat("v", RequestFingerprint({round, voter, need}).substr(0, 31));
}

std::string TallyKey(const std::string& round) { return absl::StrCat("advocacy/tally/", round); }

std::vector<TotalChange> TallyChanges(const v1::Vote* before, const v1::Vote& after) {
  std::vector<TotalChange> was, is;
  if (before != nullptr) CountVote(*before, -1, &was);
  CountVote(after, 1, &is);
  // One change per field: a score changed moves its fields by the difference.
  std::vector<TotalChange> out;
  for (const TotalChange& c : is) {
    int64_t delta = c.delta;
    for (const TotalChange& w : was) {
      if (w.field == c.field) delta += w.delta;
    }
    if (delta != 0) out.push_back({c.key, c.field, delta});
  }
  for (const TotalChange& w : was) {
    const bool moved =
        std::any_of(is.begin(), is.end(), [&](const TotalChange& c) { return c.field == w.field; });
    if (!moved) out.push_back(w);
  }
  return out;
}

std::vector<v1::NeedTally> TalliesFromTotals(const v1::PrioritisationRound& round,
                                             const Totals& totals) {
  auto figure = [&](const std::string& field) {
    const auto it = totals.find(field);
    return it == totals.end() ? int64_t{0} : it->second;
  };
  std::vector<v1::NeedTally> out;
  for (const std::string& need : round.needs()) {
    v1::NeedTally& t = out.emplace_back();
    t.set_need(need);
    t.set_votes(figure(TallyField(need, "count")));
    t.set_score_total(figure(TallyField(need, "sum")));
    t.set_average_score(t.votes() == 0 ? 0.0 : static_cast<double>(t.score_total()) / t.votes());
    for (int g = v1::GROUP_CSO; g <= v1::GROUP_RESIDENTS; ++g) {
      const auto group = static_cast<v1::ParticipantGroup>(g);
      const int64_t votes = figure(GroupTallyField(need, group, "count"));
      if (votes == 0) continue;
      v1::GroupTally& gt = *t.add_groups();
      gt.set_group(group);
      gt.set_votes(votes);
      gt.set_score_total(figure(GroupTallyField(need, group, "sum")));
    }
  }
  for (v1::NeedTally& t : out) {
    int32_t ahead = 0;
    for (const v1::NeedTally& other : out) {
      if (other.score_total() > t.score_total() ||
          (other.score_total() == t.score_total() && other.votes() > t.votes())) {
        ++ahead;
      }
    }
    t.set_rank(ahead + 1);
  }
  return out;
}

records::Transition<v1::Vote> CastVoteTransition(int32_t score) {
  records::Transition<v1::Vote> t;
  t.event = "cast";
  t.from = {v1::VOTE_CAST, v1::VOTE_WITHDRAWN};
  t.to = v1::VOTE_CAST;
  t.authorize = VoterOnly;
  t.unchanged_is_noop = true;
  t.effect = [score](v1::Vote& vote) {
    if (vote.state() == v1::VOTE_CAST && vote.score() == score) return absl::OkStatus();
    vote.set_score(score);
    vote.set_changes(vote.changes() + 1);
    return absl::OkStatus();
  };
  return t;
}

records::Transition<v1::PrioritisationRound> CloseRoundTransition(const v1::PlanningCycle& cycle) {
  records::Transition<v1::PrioritisationRound> t;
  t.event = "closed";
  t.from = {v1::ROUND_OPEN};
  t.to = v1::ROUND_CLOSED;
  t.authorize = [cycle](const Principal& p, const v1::PrioritisationRound&) {
    return AuthorizeCycleChange(p, cycle);
  };
  return t;
}

records::Transition<v1::Vote> WithdrawVoteTransition() {
  records::Transition<v1::Vote> t;
  t.event = "withdrawn";
  t.from = {v1::VOTE_CAST};
  t.to = v1::VOTE_WITHDRAWN;
  t.authorize = VoterOnly;
  t.effect = [](v1::Vote& vote) {
    vote.set_changes(vote.changes() + 1);
    return absl::OkStatus();
  };
  return t;
}

}  // namespace civitas::advocacy
