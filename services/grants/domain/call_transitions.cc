#include "services/grants/domain/call_transitions.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/common/calendar.h"
#include "libs/common/field_violations.h"
#include "services/grants/domain/calls.h"

namespace civitas::grants {
records::Transition<v1::Programme> OpenProgrammeTransition() {
  records::Transition<v1::Programme> t;
  t.event = "opened";
  t.from = {v1::PROGRAMME_DRAFT};
  t.to = v1::PROGRAMME_OPEN;
  t.authorize = [](const Principal& p, const v1::Programme& programme) {
    return AuthorizeProgrammeStaff(p, PartiesOf(programme), "opening a programme");
  };
  return t;
}

records::Transition<v1::Programme> CloseProgrammeTransition() {
  records::Transition<v1::Programme> t;
  t.event = "closed";
  t.from = {v1::PROGRAMME_OPEN};
  t.to = v1::PROGRAMME_CLOSED;
  t.authorize = [](const Principal& p, const v1::Programme& programme) {
    return AuthorizeProgrammeStaff(p, PartiesOf(programme), "closing a programme");
  };
  return t;
}

records::Transition<v1::Call> PublishCallTransition(const v1::Programme& programme) {
  records::Transition<v1::Call> t;
  t.event = "published";
  t.from = {v1::CALL_DRAFT};
  t.to = v1::CALL_PUBLISHED;
  t.authorize = StaffOnly<v1::Call>(PartiesOf(programme), "publishing a call");
  const std::string programme_name = programme.name();
  const v1::ProgrammeState programme_state = programme.state();
  t.effect = [programme_name, programme_state](v1::Call&) -> absl::Status {
    if (programme_state != v1::PROGRAMME_OPEN) {
      return absl::FailedPreconditionError(
          absl::StrCat(programme_name, " is ", v1::ProgrammeState_Name(programme_state),
                       "; calls are published under an open programme"));
    }
    return absl::OkStatus();
  };
  const std::string currency = programme.envelope().currency_code();
  t.validate = [currency](const v1::Call&, const v1::Call& after, Violations* v) {
    ValidateCall(after, currency, v);
  };
  return t;
}

records::Transition<v1::Call> CloseCallTransition(const ProgrammeParties& parties) {
  records::Transition<v1::Call> t;
  t.event = "closed";
  t.from = {v1::CALL_PUBLISHED};
  t.to = v1::CALL_CLOSED;
  t.authorize = StaffOnly<v1::Call>(parties, "closing a call");
  return t;
}

records::Transition<v1::Report> SubmitReportTransition(const v1::Grant& grant, absl::Time now) {
  records::Transition<v1::Report> t;
  t.event = "submitted";
  t.from = {v1::REPORT_DRAFT, v1::REPORT_REVISION_REQUESTED};
  t.to = v1::REPORT_SUBMITTED;
  const std::string recipient = grant.recipient();
  const bool closed = grant.state() == v1::GRANT_CLOSED;
  t.authorize = [recipient, closed](const Principal& p, const v1::Report& r) -> absl::Status {
    if (p.anonymous()) return absl::UnauthenticatedError("submitting a report needs a token");
    if (p.organization != recipient) {
      return absl::PermissionDeniedError(
          absl::StrCat("only ", recipient, " submits the reports of ", r.grant()));
    }
    if (closed) {
      return absl::FailedPreconditionError(absl::StrCat(r.grant(), " is closed (read-only)"));
    }
    return absl::OkStatus();
  };
  t.effect = [now](v1::Report& r) -> absl::Status {
    // A report covers a period that is over: expenditure is reported (and exported to IATI,
    // dated the period's end) once it happened, never ahead.
    if (const std::string today = DateOf(now); r.period_end() >= today) {
      return absl::FailedPreconditionError(absl::StrCat(
          "report.period_end: ", r.name(), " covers a period that ends ", r.period_end(),
          "; a report is submitted once its period is over (after ", r.period_end(), ")"));
    }
    *r.mutable_submit_time() = ToTimestamp(now);
    return absl::OkStatus();
  };
  return t;
}

records::Transition<v1::Report> ReviewReportTransition(const ProgrammeParties& parties, bool accept,
                                                       std::string comment) {
  records::Transition<v1::Report> t;
  t.event = accept ? "accepted" : "revision_requested";
  t.from = {v1::REPORT_SUBMITTED};
  t.to = accept ? v1::REPORT_ACCEPTED : v1::REPORT_REVISION_REQUESTED;
  t.authorize = StaffOnly<v1::Report>(parties, "reviewing a report");
  t.effect = [comment = std::move(comment)](v1::Report& r) {
    r.set_review_comment(comment);
    return absl::OkStatus();
  };
  t.validate = [accept](const v1::Report&, const v1::Report& after, Violations* v) {
    if (!accept && absl::StripAsciiWhitespace(after.review_comment()).empty()) {
      v->Add("review_comment", "is required when asking for a revision: say what to change");
    }
  };
  return t;
}

}  // namespace civitas::grants
