// A review's custom methods as libs/records transitions: the conflict-of-interest declaration
// comes first (ASSIGNED -> DECLARED or CONFLICTED), only a reviewer without a conflict scores
// (DECLARED -> SUBMITTED), and staff replace a conflicted reviewer. (Who reads a review, its own
// reviewer and programme staff only, is ReviewRules::CanRead's.)
#pragma once

#include <string>

#include "absl/time/time.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/records/transition.h"
#include "services/grants/domain/access_policy.h"

namespace civitas::grants {

// By the assigned reviewer only. A conflict needs a statement.
records::Transition<v1::Review> DeclareConflictTransition(bool conflict, std::string statement);

// By the assigned reviewer, once declared without a conflict: every criterion scored within its
// maximum (violations name each score); stores the weighted score and the submission time.
records::Transition<v1::Review> SubmitScoresTransition(const v1::Call& call, v1::Review scored,
                                                       absl::Time now);

// CONFLICTED -> REASSIGNED, by programme staff, naming the review that replaces it (written in the
// same plan).
records::Transition<v1::Review> ReassignTransition(ProgrammeParties parties,
                                                   std::string replaced_by);

}  // namespace civitas::grants
