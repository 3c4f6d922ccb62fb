// Prioritisation rounds and votes, pure: what a valid round is, who votes (every person acting
// for one of its participant organisations, once per need: a vote's id is made from the round,
// the voter and the need), what a score may be, and the tallies as the sums of the votes cast,
// moved by the write of each vote (a hash of totals per round) so that concurrent voters never
// contend for one record and the tallies always equal the final votes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "civitas/advocacy/v1/planning.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/common/totals.h"
#include "libs/records/transition.h"

namespace civitas::advocacy {

// Field checks of a round as it will be (fields `prioritisation_round.<field>`).
void ValidateRound(const v1::PrioritisationRound& round, Violations* v);

// The participant the caller votes for: its organisation's entry in the round, if any.
std::optional<v1::RoundParticipant> ParticipantOf(const v1::PrioritisationRound& round,
                                                  const Principal& p);

// A score's checks for the round's method (field `score`): 1..5 when scoring, 1 when approving.
void CheckScore(v1::RoundMethod method, int32_t score, Violations* v);

// The id of `voter`'s vote on `need` in `round` (resource names): one per person and need, the
// same however often it is cast.
std::string VoteId(const std::string& round, const std::string& voter, const std::string& need);

// The store's key of a round's tallies.
std::string TallyKey(const std::string& round);

// What a vote's change from `before` (null: none yet) to `after` moves in its round's tallies: a
// cast vote counts once with its score, in its need's totals and its group's.
std::vector<TotalChange> TallyChanges(const v1::Vote* before, const v1::Vote& after);

// The round's tallies from its totals: one per need of the round, in its order, ranked by score
// total then votes (ties share a rank).
std::vector<v1::NeedTally> TalliesFromTotals(const v1::PrioritisationRound& round,
                                             const Totals& totals);

// (Re)casts a vote with `score`, by its voter only; a vote cast again with its score is answered
// unchanged.
records::Transition<v1::Vote> CastVoteTransition(int32_t score);

// Closes an open round of `cycle`, by the cycle's municipality's staff or an admin: its tallies
// are final (the write also stops counting it among the cycle's open rounds: app/).
records::Transition<v1::PrioritisationRound> CloseRoundTransition(const v1::PlanningCycle& cycle);

// Withdraws a cast vote, by its voter only.
records::Transition<v1::Vote> WithdrawVoteTransition();

}  // namespace civitas::advocacy
