// Who may read and change what in accreditation (issue 11). Pure: callers pass the records.
//   - the accrediting body (roles `ministry` or `admin`) writes country policies and standards,
//     gives eligibility verdicts, assigns assessors, decides, suspends, withdraws;
//   - a provider's people (principal.organization == case.provider) open and edit their own
//     cases in initiation, submit the self-assessment, withdraw a case before its decision,
//     and see their own cases only;
//   - an assessor (role `assessor`) sees and evaluates the cases assigned to them;
//   - published standards, policies and certificates are public.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/records/record.h"

namespace civitas::accreditation {

bool IsAccreditingBody(const Principal& p);
// UNAUTHENTICATED for anonymous callers, PERMISSION_DENIED naming `what` for others.
absl::Status AuthorizeAccreditingBody(const Principal& p, const std::string& what);

bool ActsForProvider(const Principal& p, const v1::AccreditationCase& c);
bool IsAssignedAssessor(const Principal& p, const v1::AccreditationCase& c);
bool CanReadCase(const Principal& p, const v1::AccreditationCase& c);

// The standard changes (libs/records' create, update, archive) of each resource, and to whom:
// a case's create and edits as AuthorizeCaseCreate/AuthorizeCaseEdit, its archiving by the
// accrediting body once decided or withdrawn; certificates only created (by a decision), changed
// through their methods; standards written by the body, a published version frozen.
absl::Status AuthorizeCaseChange(const Principal& p, records::Change change,
                                 const v1::AccreditationCase* before,
                                 const v1::AccreditationCase& after);
absl::Status AuthorizeCertificateChange(const Principal& p, records::Change change);
absl::Status AuthorizeStandardChange(const Principal& p, records::Change change,
                                     const v1::QualityStandard* before);

// Opening a case: the provider's own people, or the body for any provider.
absl::Status AuthorizeCaseCreate(const Principal& p, const v1::AccreditationCase& c);
// Editing (evidence, service types, services): the provider's people only, while in initiation.
absl::Status AuthorizeCaseEdit(const Principal& p, const v1::AccreditationCase& c);
// Provider steps (self-assessment, withdrawal): the provider's people only.
absl::Status AuthorizeProvider(const Principal& p, const v1::AccreditationCase& c,
                               const std::string& what);
// The external evaluation: the assessor assigned to the case only.
absl::Status AuthorizeAssignedAssessor(const Principal& p, const v1::AccreditationCase& c);

// Published versions of standards are public; drafts (and drafts archived without being
// published) are the body's only.
bool CanReadStandard(const Principal& p, const v1::QualityStandard& standard);

}  // namespace civitas::accreditation
