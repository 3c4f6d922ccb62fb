// A review's custom methods as libs/records transitions, and what a reviewer may see of the
// others' reviews: the conflict-of-interest declaration comes first (ASSIGNED -> DECLARED or
// CONFLICTED), only a reviewer without a conflict scores (DECLARED -> SUBMITTED), and a reviewer
// sees no other reviewer's scores before submitting their own.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/records/transition.h"
#include "services/grants/domain/access_policy.h"

namespace civitas::grants {

// By the assigned reviewer only. A conflict needs a statement.
records::Transition<v1::Review> DeclareConflictOfInterest(bool conflict, std::string statement);

// By the assigned reviewer, once declared without a conflict: every criterion scored within its
// maximum (violations name each score); stores the weighted score and the submission time.
records::Transition<v1::Review> SubmitScores(const v1::Call& call, v1::Review scored,
                                             absl::Time now);

// CONFLICTED -> REASSIGNED, by programme staff, naming the review that replaces it (written in the
// same plan).
records::Transition<v1::Review> Reassign(ProgrammeParties parties, std::string replaced_by);

// `review` as `viewer` may see it: its own reviewer and programme staff see everything; another
// reviewer sees the scores, comments and weighted score only after submitting their own review
// of the same application (`viewer_submitted`).
v1::Review AsSeenBy(const Principal& viewer, const ProgrammeParties& parties, v1::Review review,
                    bool viewer_submitted);

}  // namespace civitas::grants
