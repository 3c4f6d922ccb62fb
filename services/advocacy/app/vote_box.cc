#include "services/advocacy/app/vote_box.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/advocacy/domain/prioritisation.h"

namespace civitas::advocacy {
namespace {

// Creates that found the vote made meanwhile (the same person voting twice at once) and go on
// to change it instead.
constexpr int kCastAttempts = 3;

}  // namespace

absl::StatusOr<v1::PrioritisationRound> VoteBox::Ballot(const records::Request& r,
                                                        const std::string& round,
                                                        const std::string& need) {
  const Principal& p = r.caller();
  if (p.anonymous()) return absl::UnauthenticatedError("voting needs a bearer token");
  if (!aip::IsNameOf<v1::PrioritisationRound>(round)) {
    return InvalidArgumentError(
        {{"name", "must be a resource name prioritisationRounds/{prioritisation_round}"}});
  }
  ASSIGN_OR_RETURN(auto read, records::ReadNamed<v1::PrioritisationRound>(r.reads(store_), round));
  if (!read.has_value() || read->record.state() == v1::ROUND_ARCHIVED) {
    return absl::NotFoundError(absl::StrCat(round, " not found"));
  }
  const v1::PrioritisationRound& ballot = read->record;
  if (!ParticipantOf(ballot, p).has_value()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "only people acting for one of ", round, "'s participant organisations vote in it",
        p.organization.empty() ? "; the caller acts for no organisation"
                               : absl::StrCat("; ", p.organization, " is not among them")));
  }
  if (std::find(ballot.needs().begin(), ballot.needs().end(), need) == ballot.needs().end()) {
    return InvalidArgumentError({{"need", absl::StrCat("is not one of ", round, "'s needs")}});
  }
  if (ballot.state() != v1::ROUND_OPEN) {
    return absl::FailedPreconditionError(
        absl::StrCat(round, " is ", v1::RoundState_Name(ballot.state()),
                     "; votes are cast and changed while it is ROUND_OPEN"));
  }
  return ballot;
}

absl::StatusOr<v1::Vote> VoteBox::Cast(const records::Request& r, const std::string& round,
                                       const std::string& need, int32_t score) {
  ASSIGN_OR_RETURN(v1::PrioritisationRound ballot, Ballot(r, round, need));
  Violations v;
  CheckScore(ballot.method(), score, &v);
  RETURN_IF_ERROR(v.ToStatus());
  const Principal& p = r.caller();
  const std::string id = VoteId(round, p.subject, need);
  const std::string name = aip::NameOf<v1::Vote>(id);
  for (int attempt = 1;; ++attempt) {
    ASSIGN_OR_RETURN(auto existing, records::ReadNamed<v1::Vote>(r.reads(store_), name));
    if (existing.has_value()) return votes_->Apply(r, name, "", CastVoteTransition(score));
    v1::Vote vote;
    vote.set_round(round);
    vote.set_need(need);
    vote.set_voter(p.subject);
    const v1::RoundParticipant participant = *ParticipantOf(ballot, p);
    vote.set_organization(participant.organization());
    vote.set_group(participant.group());
    vote.set_score(score);
    vote.set_changes(1);
    absl::StatusOr<v1::Vote> made = votes_->CreateMade(r, std::move(vote), id, "");
    if (made.status().code() != absl::StatusCode::kAlreadyExists || attempt >= kCastAttempts) {
      return made;
    }
    r.ForgetReads(store_);
  }
}

absl::StatusOr<v1::Vote> VoteBox::Withdraw(const records::Request& r, const std::string& round,
                                           const std::string& need) {
  RETURN_IF_ERROR(Ballot(r, round, need).status());
  const std::string name = aip::NameOf<v1::Vote>(VoteId(round, r.caller().subject, need));
  ASSIGN_OR_RETURN(auto existing, records::ReadNamed<v1::Vote>(r.reads(store_), name));
  if (!existing.has_value()) {
    return absl::NotFoundError(absl::StrCat("the caller has no vote on ", need, " in ", round));
  }
  return votes_->Apply(r, name, "", WithdrawVoteTransition());
}

}  // namespace civitas::advocacy
