#include "services/grants/domain/application_transitions.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/calendar.h"

namespace civitas::grants {
using google::protobuf::util::TimeUtil;

records::Transition<v1::Application> SubmitApplicationTransition(
    const v1::Call& call, absl::Time now, std::vector<v1::EligibilityFailure> failures) {
  records::Transition<v1::Application> t;
  t.event = "submitted";
  t.from = {v1::APPLICATION_DRAFT};
  t.authorize = [](const Principal& p, const v1::Application& a) {
    return AuthorizeApplicationEdit(p, a);
  };
  t.effect = [call, now, failures = std::move(failures)](v1::Application& a) -> absl::Status {
    if (call.state() != v1::CALL_PUBLISHED) {
      return absl::FailedPreconditionError(absl::StrCat(call.name(), " is ",
                                                        v1::CallState_Name(call.state()),
                                                        "; applications go to a "
                                                        "published call"));
    }
    if (now < FromTimestamp(call.open_time())) {
      return absl::FailedPreconditionError(
          absl::StrCat(call.name(), " opens at ", TimeUtil::ToString(call.open_time())));
    }
    if (now >= FromTimestamp(call.close_time())) {
      return absl::FailedPreconditionError(
          absl::StrCat(call.name(), " closed at ", TimeUtil::ToString(call.close_time())));
    }
    *a.mutable_submit_time() = ToTimestamp(now);
    a.clear_eligibility_failures();
    for (const v1::EligibilityFailure& f : failures) *a.add_eligibility_failures() = f;
    a.set_state(failures.empty() ? v1::APPLICATION_ELIGIBLE : v1::APPLICATION_INELIGIBLE);
    return absl::OkStatus();
  };
  return t;
}

records::Transition<v1::Application> WithdrawApplicationTransition() {
  records::Transition<v1::Application> t;
  t.event = "withdrawn";
  t.from = {v1::APPLICATION_DRAFT,      v1::APPLICATION_SUBMITTED,    v1::APPLICATION_ELIGIBLE,
            v1::APPLICATION_INELIGIBLE, v1::APPLICATION_UNDER_REVIEW, v1::APPLICATION_SCORED,
            v1::APPLICATION_RESERVE};
  t.to = v1::APPLICATION_WITHDRAWN;
  t.authorize = [](const Principal& p, const v1::Application& a) {
    return AuthorizeWithdrawal(p, a);
  };
  return t;
}

records::Transition<v1::Application> OverrideEligibilityTransition(ProgrammeParties parties,
                                                                   bool eligible,
                                                                   std::string reason,
                                                                   std::string decided_by,
                                                                   absl::Time now) {
  records::Transition<v1::Application> t;
  t.event = "eligibility_overridden";
  t.from = {v1::APPLICATION_ELIGIBLE, v1::APPLICATION_INELIGIBLE};
  t.to = eligible ? v1::APPLICATION_ELIGIBLE : v1::APPLICATION_INELIGIBLE;
  t.authorize = [parties = std::move(parties), reason](const Principal& p, const v1::Application&) {
    return AuthorizeEligibilityOverride(p, parties, reason);
  };
  t.effect = [eligible, reason, decided_by = std::move(decided_by), now](v1::Application& a) {
    v1::EligibilityOverride* o = a.mutable_eligibility_override();
    o->set_eligible(eligible);
    o->set_reason(reason);
    o->set_decided_by(decided_by);
    *o->mutable_decide_time() = ToTimestamp(now);
    return absl::OkStatus();
  };
  return t;
}

bool StartReview(v1::Application* application) {
  if (application->state() != v1::APPLICATION_ELIGIBLE) return false;
  application->set_state(v1::APPLICATION_UNDER_REVIEW);
  return true;
}

void CheckReviewable(const v1::Application& application, const std::string& field, Violations* v) {
  const v1::ApplicationState state = application.state();
  if (state == v1::APPLICATION_ELIGIBLE || state == v1::APPLICATION_UNDER_REVIEW) return;
  v->AddPrecondition(field,
                     absl::StrCat(application.name(), " is ", v1::ApplicationState_Name(state),
                                  "; reviews are of eligible applications, until they are scored"));
}

}  // namespace civitas::grants
