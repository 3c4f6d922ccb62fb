// An application's custom methods as libs/records transitions: submit (by its applicant, while
// the call is open by the server clock, eligibility checked at once), withdraw (by its applicant,
// before a decision), and the staff's eligibility override (with a recorded reason).
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/common/field_violations.h"
#include "libs/records/transition.h"
#include "services/grants/domain/access_policy.h"

namespace civitas::grants {

// DRAFT -> ELIGIBLE, or INELIGIBLE with `failures` (from CheckEligibility) recorded; stamps the
// submission time. FAILED_PRECONDITION, changing nothing, before the call opens or once it has
// closed (`now` against open_time / close_time) or when the call is not published.
records::Transition<v1::Application> SubmitApplicationTransition(
    const v1::Call& call, absl::Time now, std::vector<v1::EligibilityFailure> failures);

// Any state before a decision -> WITHDRAWN.
records::Transition<v1::Application> WithdrawApplicationTransition();

// A reviewer assigned to an ELIGIBLE application puts it UNDER_REVIEW (in the assignment's
// write); returns whether it changed. Any other state is left as it is.
bool StartReview(v1::Application* application);

// Reviews are of eligible applications, until they are scored: a precondition violation under
// `field` naming the application's state otherwise.
void CheckReviewable(const v1::Application& application, const std::string& field, Violations* v);

// ELIGIBLE / INELIGIBLE -> the staff's decision, the override (who, when, why) recorded.
records::Transition<v1::Application> OverrideEligibilityTransition(ProgrammeParties parties,
                                                                   bool eligible,
                                                                   std::string reason,
                                                                   std::string decided_by,
                                                                   absl::Time now);

}  // namespace civitas::grants
