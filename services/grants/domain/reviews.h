// A review as a record: what a valid one holds, who reads it, when it holds one of its
// application's reviewer seats, and the review that replaces a conflicted one. Pure.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "services/grants/domain/access_policy.h"

namespace civitas::grants {

// The application it reviews (a name), the reviewer (a subject) and bounded free text; the
// violations name `review.<field>`.
void ValidateReview(const v1::Review& review, Violations* v);

// Its own reviewer, and the programme staff of its application. `parties` is null when the
// caller did not need them read (the reviewer is known from the review itself): then only the
// reviewer may.
bool CanReadReview(const Principal& p, const v1::Review& review, const ProgrammeParties* parties);

// Whether `review` (null: none) takes one of its application's seats (the call's reviewers per
// application): every review but a reassigned one.
bool HoldsReviewerSeat(const v1::Review* review);

// A conflicted review is replaced by another reviewer: INVALID_ARGUMENT naming `reviewer` when it
// is the one who declared the conflict.
absl::Status CheckReplacementReviewer(const v1::Review& conflicted, const std::string& reviewer);

// The review assigned to `reviewer` in place of `conflicted`: the same application.
v1::Review ReplacementReview(const v1::Review& conflicted, const std::string& reviewer);

}  // namespace civitas::grants
