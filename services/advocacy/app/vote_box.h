// Use cases of voting in a prioritisation round: a participant casts, changes and withdraws
// their vote on a need. One vote per person and need (its id is made from the three), so a
// vote cast twice at once is one vote: the second write finds the first and changes it.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "civitas/advocacy/v1/planning.pb.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::advocacy {

class VoteBox {
 public:
  VoteBox(DocumentStore* store, records::RecordService<v1::Vote>* votes)
      : store_(store), votes_(votes) {}

  // Casts the caller's vote on `need` in `round`, or changes its score.
  absl::StatusOr<v1::Vote> Cast(const records::Request& r, const std::string& round,
                                const std::string& need, int32_t score);
  // Takes the caller's vote on `need` back.
  absl::StatusOr<v1::Vote> Withdraw(const records::Request& r, const std::string& round,
                                    const std::string& need);

 private:
  // The round, once the caller may vote on `need` in it: 401 anonymous, 404 a missing round, 403
  // not a participant, 400 a need not of the round, 412 a closed round.
  absl::StatusOr<v1::PrioritisationRound> Ballot(const records::Request& r,
                                                 const std::string& round, const std::string& need);

  DocumentStore* const store_;
  records::RecordService<v1::Vote>* const votes_;
};

}  // namespace civitas::advocacy
