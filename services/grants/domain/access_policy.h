// Who may read and change what in grants (issue 10, point 10). Pure: callers pass the facts
// (the programme's parties, whether a reviewer is assigned and has declared no conflict).
//   - programme staff: admins, and people acting for the programme's funder or lead
//     organisation, manage its calls, applications' eligibility, awards and payments;
//   - a CSO sees and changes only its own applications, and edits them only as drafts;
//   - a reviewer sees only applications assigned to them, and only after declaring that they
//     have no conflict of interest;
//   - published programmes and calls and their grants are public.
#pragma once

#include <functional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/records/record.h"

namespace civitas::grants {

struct ProgrammeParties {
  std::string funder;             // organizations/{id}
  std::string lead_organization;  // organizations/{id}
};

ProgrammeParties PartiesOf(const v1::Programme& programme);

bool IsProgrammeStaff(const Principal& p, const ProgrammeParties& parties);

// UNAUTHENTICATED for anonymous callers, PERMISSION_DENIED naming `what` for others.
absl::Status AuthorizeProgrammeStaff(const Principal& p, const ProgrammeParties& parties,
                                     const std::string& what);

// A transition's authorization rule: programme staff only, whatever the record.
template <typename T>
std::function<absl::Status(const Principal&, const T&)> StaffOnly(ProgrammeParties parties,
                                                                  std::string what) {
  return [parties = std::move(parties), what = std::move(what)](const Principal& p, const T&) {
    return AuthorizeProgrammeStaff(p, parties, what);
  };
}

bool CanReadProgramme(const Principal& p, const v1::Programme& programme);
bool CanReadCall(const Principal& p, const v1::Call& call, const ProgrammeParties& parties);
// Whether CanReadCall needs the programme's parties: for a draft only (others are public).
bool CallAccessNeedsProgramme(const v1::Call& call);

// How a reviewer stands towards one application.
enum class ReviewerStanding { kNotAssigned, kAssignedUndeclared, kDeclaredNoConflict };

// How a reviewer with `review` (nullptr: none assigned to them) stands towards its application:
// assigned until they declare no conflict of interest, then declared (also once submitted); a
// reassigned review, or a caller who is not a reviewer, is not assigned.
ReviewerStanding StandingFrom(const Principal& p, const v1::Review* review);

// The applicant's organisation always; programme staff once submitted; a reviewer assigned to
// it once they declared no conflict.
bool CanReadApplication(const Principal& p, const v1::Application& application,
                        const ProgrammeParties& parties, ReviewerStanding standing);

// Whether CanReadApplication needs the programme's parties and the reviewer's standing: not for
// an anonymous caller, the applicant's own people, or a draft (which only they read).
bool ApplicationAccessNeedsProgramme(const Principal& p, const v1::Application& application);

// Creating and editing: the applicant's own people, while it is a draft.
absl::Status AuthorizeApplicationEdit(const Principal& p, const v1::Application& application);

// Withdrawal: the applicant's own people, before a decision (awarded, rejected) is made.
absl::Status AuthorizeWithdrawal(const Principal& p, const v1::Application& application);

// Overriding the automatic eligibility check: programme staff, with a reason.
absl::Status AuthorizeEligibilityOverride(const Principal& p, const ProgrammeParties& parties,
                                          const std::string& reason);

// The standard changes (libs/records' create, update, archive) each resource allows, and to whom.
// `parties` are those the record had before the change (its own for a create).
absl::Status AuthorizeProgrammeChange(const Principal& p, records::Change change,
                                      const v1::Programme& parties_of);
absl::Status AuthorizeCallChange(const Principal& p, records::Change change,
                                 const ProgrammeParties& parties);
// Grants are only created (by an award, by programme staff); they change through their methods.
absl::Status AuthorizeGrantChange(const Principal& p, records::Change change,
                                  const ProgrammeParties& parties);
// Reviews are only created (assigned by programme staff); they change through their methods.
absl::Status AuthorizeReviewChange(const Principal& p, records::Change change,
                                   const ProgrammeParties& parties);
// Reports are written by the grantee's own people (`grant`: nullptr when missing, which the
// references name), and changed only while a draft or sent back for revision.
absl::Status AuthorizeReportChange(const Principal& p, records::Change change,
                                   const v1::Report* before, const v1::Grant* grant);

}  // namespace civitas::grants
