#include "services/grants/domain/review_transitions.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/common/calendar.h"
#include "libs/common/field_violations.h"
#include "services/grants/domain/scoring.h"

namespace civitas::grants {
namespace {

absl::Status OwnReview(const Principal& p, const v1::Review& review) {
  if (p.anonymous()) return absl::UnauthenticatedError("reviewing needs a bearer token");
  if (p.subject != review.reviewer()) {
    return absl::PermissionDeniedError(
        absl::StrCat(review.name(), " is assigned to another reviewer"));
  }
  return absl::OkStatus();
}

}  // namespace

records::Transition<v1::Review> DeclareConflictTransition(bool conflict, std::string statement) {
  records::Transition<v1::Review> t;
  t.event = "conflict_declared";
  t.from = {v1::REVIEW_ASSIGNED};
  t.to = conflict ? v1::REVIEW_CONFLICTED : v1::REVIEW_DECLARED;
  t.authorize = OwnReview;
  t.effect = [conflict, statement = std::move(statement)](v1::Review& r) {
    r.set_conflict_of_interest(conflict);
    r.set_conflict_statement(statement);
    return absl::OkStatus();
  };
  t.validate = [](const v1::Review&, const v1::Review& after, Violations* v) {
    if (after.conflict_of_interest() &&
        absl::StripAsciiWhitespace(after.conflict_statement()).empty()) {
      v->Add("conflict_statement", "is required when declaring a conflict of interest");
    }
  };
  return t;
}

records::Transition<v1::Review> SubmitScoresTransition(const v1::Call& call, v1::Review scored,
                                                       absl::Time now) {
  records::Transition<v1::Review> t;
  t.event = "submitted";
  t.from = {v1::REVIEW_DECLARED};
  t.to = v1::REVIEW_SUBMITTED;
  t.authorize = OwnReview;
  t.effect = [call, scored = std::move(scored), now](v1::Review& r) {
    *r.mutable_scores() = scored.scores();
    r.set_comment(scored.comment());
    r.set_weighted_score_centi(WeightedScoreCenti(call, r));
    *r.mutable_submit_time() = ToTimestamp(now);
    return absl::OkStatus();
  };
  t.validate = [call](const v1::Review&, const v1::Review& after, Violations* v) {
    ValidateScores(call, after, v);
  };
  return t;
}

records::Transition<v1::Review> ReassignTransition(ProgrammeParties parties,
                                                   std::string replaced_by) {
  records::Transition<v1::Review> t;
  t.event = "reassigned";
  t.from = {v1::REVIEW_CONFLICTED};
  t.to = v1::REVIEW_REASSIGNED;
  t.authorize = StaffOnly<v1::Review>(std::move(parties), "reassigning reviews");
  t.effect = [replaced_by = std::move(replaced_by)](v1::Review& r) {
    r.set_replaced_by(replaced_by);
    return absl::OkStatus();
  };
  return t;
}

}  // namespace civitas::grants
