#include "services/grants/domain/reviews.h"

#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"

namespace civitas::grants {

void ValidateReview(const v1::Review& review, Violations* v) {
  aip::CheckNameOf<v1::Application>(review.application(), "review.application", true, v);
  aip::CheckText(review.reviewer(), "review.reviewer", true, 200, v);
  aip::CheckText(review.conflict_statement(), "review.conflict_statement", false, 2000, v);
  aip::CheckText(review.comment(), "review.comment", false, 10000, v);
}

bool CanReadReview(const Principal& p, const v1::Review& review, const ProgrammeParties* parties) {
  if (p.anonymous()) return false;
  if (p.subject == review.reviewer()) return true;
  return parties != nullptr && IsProgrammeStaff(p, *parties);
}

bool HoldsReviewerSeat(const v1::Review* review) {
  return review != nullptr && review->state() != v1::REVIEW_REASSIGNED;
}

absl::Status CheckReplacementReviewer(const v1::Review& conflicted, const std::string& reviewer) {
  if (reviewer == conflicted.reviewer()) {
    return absl::InvalidArgumentError(
        "reviewer: is the reviewer who declared the conflict; name another reviewer");
  }
  return absl::OkStatus();
}

v1::Review ReplacementReview(const v1::Review& conflicted, const std::string& reviewer) {
  v1::Review replacement;
  replacement.set_application(conflicted.application());
  replacement.set_reviewer(reviewer);
  return replacement;
}

}  // namespace civitas::grants
