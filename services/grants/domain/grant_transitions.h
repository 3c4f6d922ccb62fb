// How a grant agreement's money moves after the award, as libs/records transitions on the grant:
// a tranche paid when payments.h says it is due, money returned by the grantee, an accepted
// report's expenditure counted, and closure. Every one is recorded as an IATI-typed transaction
// in the grant. Only an ACTIVE grant changes: a closed grant is read-only. Pure.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/records/transition.h"
#include "services/grants/domain/access_policy.h"
#include "services/grants/domain/payments.h"

namespace civitas::grants {

// The payment facts a grant's own totals and report counts hold.
PaymentFacts FactsOf(const v1::Grant& grant);

// Pays tranche `number` (TrancheDue decides how much; the balance is a reimbursement of the
// accepted costs, the others disbursements), dated `date` (`YYYY-MM-DD`, today when empty). The
// amount paid is in `paid_minor` after the effect ran, for the write's bounded counter.
records::Transition<v1::Grant> PayTrancheTransition(ProgrammeParties parties, int32_t number,
                                                    std::string date, std::string recorded_by,
                                                    absl::Time now);

// Money the grantee paid back (IATI incoming funds): positive, in the grant's currency, at most
// what was paid and not yet returned.
records::Transition<v1::Grant> RecordReturnTransition(ProgrammeParties parties,
                                                      common::v1::Money amount, std::string date,
                                                      std::string description,
                                                      std::string recorded_by, absl::Time now);

// An accepted report's expenditure counted as spent (an IATI expenditure transaction), and the
// report counted towards the tranche and closure rules. FAILED_PRECONDITION when the grant is
// not active or the report is another grant's.
absl::Status CountAcceptedReport(const v1::Report& report, const std::string& recorded_by,
                                 absl::Time now, v1::Grant* grant);

// ACTIVE -> CLOSED once CheckClosure allows it.
records::Transition<v1::Grant> CloseGrantTransition(ProgrammeParties parties, absl::Time now);

}  // namespace civitas::grants
