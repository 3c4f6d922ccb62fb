#include "services/grants/domain/access_policy.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/common/field_violations.h"

namespace civitas::grants {
namespace {

absl::Status Anonymous(const std::string& what) {
  return absl::UnauthenticatedError(absl::StrCat(what, " needs a bearer token"));
}

bool ActsFor(const Principal& p, const std::string& organization) {
  return !organization.empty() && p.organization == organization;
}

}  // namespace

ProgrammeParties PartiesOf(const v1::Programme& programme) {
  return {programme.funder(), programme.lead_organization()};
}

bool IsProgrammeStaff(const Principal& p, const ProgrammeParties& parties) {
  if (p.anonymous()) return false;
  return p.HasRole(kRoleAdmin) || ActsFor(p, parties.funder) ||
         ActsFor(p, parties.lead_organization);
}

absl::Status AuthorizeProgrammeStaff(const Principal& p, const ProgrammeParties& parties,
                                     const std::string& what) {
  if (p.anonymous()) return Anonymous(what);
  if (IsProgrammeStaff(p, parties)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(what, " is reserved to the programme's funder and lead organisation"));
}

bool CanReadProgramme(const Principal& p, const v1::Programme& programme) {
  if (programme.state() != v1::PROGRAMME_DRAFT) return true;
  return IsProgrammeStaff(p, PartiesOf(programme));
}

bool CanReadCall(const Principal& p, const v1::Call& call, const ProgrammeParties& parties) {
  if (call.state() != v1::CALL_DRAFT) return true;
  return IsProgrammeStaff(p, parties);
}

bool CallAccessNeedsProgramme(const v1::Call& call) { return call.state() == v1::CALL_DRAFT; }

ReviewerStanding StandingFrom(const Principal& p, const v1::Review* review) {
  if (review == nullptr || !p.HasRole(kRoleReviewer) || review->reviewer() != p.subject) {
    return ReviewerStanding::kNotAssigned;
  }
  switch (review->state()) {
    case v1::REVIEW_DECLARED:
    case v1::REVIEW_SUBMITTED:
      return ReviewerStanding::kDeclaredNoConflict;
    case v1::REVIEW_ASSIGNED:
      return ReviewerStanding::kAssignedUndeclared;
    default:
      return ReviewerStanding::kNotAssigned;
  }
}

bool CanReadApplication(const Principal& p, const v1::Application& application,
                        const ProgrammeParties& parties, ReviewerStanding standing) {
  if (p.anonymous()) return false;
  if (ActsFor(p, application.applicant())) return true;
  if (application.state() == v1::APPLICATION_DRAFT) return false;
  if (IsProgrammeStaff(p, parties)) return true;
  return p.HasRole(kRoleReviewer) && standing == ReviewerStanding::kDeclaredNoConflict;
}

bool ApplicationAccessNeedsProgramme(const Principal& p, const v1::Application& application) {
  return !p.anonymous() && !ActsFor(p, application.applicant()) &&
         application.state() != v1::APPLICATION_DRAFT;
}

absl::Status AuthorizeApplicationEdit(const Principal& p, const v1::Application& application) {
  if (p.anonymous()) return Anonymous("editing an application");
  if (!ActsFor(p, application.applicant())) {
    return absl::PermissionDeniedError(
        absl::StrCat("only ", application.applicant(), " edits its applications"));
  }
  if (application.state() != v1::APPLICATION_DRAFT) {
    return absl::FailedPreconditionError(
        absl::StrCat(application.name(), " is ", v1::ApplicationState_Name(application.state()),
                     "; only drafts are edited"));
  }
  return absl::OkStatus();
}

absl::Status AuthorizeWithdrawal(const Principal& p, const v1::Application& application) {
  if (p.anonymous()) return Anonymous("withdrawing an application");
  if (!ActsFor(p, application.applicant())) {
    return absl::PermissionDeniedError(
        absl::StrCat("only ", application.applicant(), " withdraws its applications"));
  }
  switch (application.state()) {
    case v1::APPLICATION_AWARDED:
    case v1::APPLICATION_REJECTED:
    case v1::APPLICATION_WITHDRAWN:
    case v1::APPLICATION_ARCHIVED:
      return absl::FailedPreconditionError(
          absl::StrCat(application.name(), " is ", v1::ApplicationState_Name(application.state()),
                       "; an application is withdrawn before a decision"));
    default:
      return absl::OkStatus();
  }
}

absl::Status AuthorizeEligibilityOverride(const Principal& p, const ProgrammeParties& parties,
                                          const std::string& reason) {
  if (absl::Status s = AuthorizeProgrammeStaff(p, parties, "overriding eligibility"); !s.ok()) {
    return s;
  }
  Violations v;
  if (absl::StripAsciiWhitespace(reason).empty()) {
    v.Add("reason", "is required: an eligibility override records why");
  }
  return v.ToStatus();
}

namespace {

// `creating a call`, `changing a call`, `archiving a call`.
std::string ChangeOf(records::Change change, const char* what) {
  switch (change) {
    case records::Change::kCreate:
      return absl::StrCat("creating ", what);
    case records::Change::kUpdate:
      return absl::StrCat("changing ", what);
    default:
      return absl::StrCat("archiving ", what);
  }
}

}  // namespace

absl::Status AuthorizeProgrammeChange(const Principal& p, records::Change change,
                                      const v1::Programme& parties_of) {
  return AuthorizeProgrammeStaff(p, PartiesOf(parties_of), ChangeOf(change, "a programme"));
}

absl::Status AuthorizeCallChange(const Principal& p, records::Change change,
                                 const ProgrammeParties& parties) {
  return AuthorizeProgrammeStaff(p, parties, ChangeOf(change, "a call"));
}

absl::Status AuthorizeGrantChange(const Principal& p, records::Change change,
                                  const ProgrammeParties& parties) {
  if (change != records::Change::kCreate) {
    return absl::PermissionDeniedError(
        "grants change only through :payTranche, :recordReturn, :close and accepted reports");
  }
  return AuthorizeProgrammeStaff(p, parties, "making grant agreements");
}

absl::Status AuthorizeReviewChange(const Principal& p, records::Change change,
                                   const ProgrammeParties& parties) {
  if (change != records::Change::kCreate) {
    return absl::PermissionDeniedError(
        "reviews change only through :declareConflictOfInterest, :submit and :reassign");
  }
  return AuthorizeProgrammeStaff(p, parties, "assigning reviewers");
}

absl::Status AuthorizeReportChange(const Principal& p, records::Change change,
                                   const v1::Report* before, const v1::Grant* grant) {
  if (p.anonymous()) return absl::UnauthenticatedError("reporting needs a bearer token");
  if (grant != nullptr && (p.organization.empty() || p.organization != grant->recipient())) {
    return absl::PermissionDeniedError(
        absl::StrCat("only people of ", grant->recipient(), " write its reports"));
  }
  if (change == records::Change::kUpdate && before != nullptr &&
      before->state() != v1::REPORT_DRAFT && before->state() != v1::REPORT_REVISION_REQUESTED) {
    return absl::FailedPreconditionError(
        absl::StrCat(before->name(), " is ", v1::ReportState_Name(before->state()),
                     "; reports change while a draft or sent back for revision"));
  }
  return absl::OkStatus();
}

}  // namespace civitas::grants
