// Custom methods of programmes, calls and reports as libs/records transitions, each by whom the
// issue says: programme staff open and close programmes, publish and close calls, and accept
// reports or send them back; a grantee's own people submit its reports.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/records/transition.h"
#include "services/grants/domain/access_policy.h"

namespace civitas::grants {

// PROGRAMME_DRAFT -> PROGRAMME_OPEN; PROGRAMME_OPEN -> PROGRAMME_CLOSED.
records::Transition<v1::Programme> OpenProgrammeTransition();
records::Transition<v1::Programme> CloseProgrammeTransition();

// CALL_DRAFT -> CALL_PUBLISHED, under an open programme, its rules checked once more and frozen
// from then on; CALL_PUBLISHED -> CALL_CLOSED.
records::Transition<v1::Call> PublishCallTransition(const v1::Programme& programme);
records::Transition<v1::Call> CloseCallTransition(const ProgrammeParties& parties);

// REPORT_DRAFT / REPORT_REVISION_REQUESTED -> REPORT_SUBMITTED, by the grant's recipient.
records::Transition<v1::Report> SubmitReportTransition(const v1::Grant& grant, absl::Time now);
// REPORT_SUBMITTED -> REPORT_ACCEPTED, or -> REPORT_REVISION_REQUESTED with a comment, by staff.
records::Transition<v1::Report> ReviewReportTransition(const ProgrammeParties& parties, bool accept,
                                                       std::string comment);

}  // namespace civitas::grants
