// How a grant's money moves: the tranche schedule an award gets, when each tranche may be paid
// and how much, what the grantee owes back, and when the grant may close. Pure and exact
// (integer minor units); the store's bounded counters enforce "never more than the award" once
// more, atomically, when a payment is written.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/grants/v1/resources.pb.h"

namespace civitas::grants {

// Shares (pre-financing, co-financing, spent before the next tranche) are in basis points: 10,000
// is the whole.
inline constexpr int32_t kBasisPoints = 10000;

// Pre-financing (award x pre_financing_bp), an interim tranche (award x interim_bp) when the
// rules have one, and the balance (the rest, as planned). Shares round down; the balance takes
// the remainder. Tranches of zero are left out. Numbers from 1.
std::vector<v1::Tranche> ScheduleTranches(const common::v1::Money& award,
                                          const v1::TrancheRules& rules);

// A grant's money so far, from its transactions and reports.
struct PaymentFacts {
  int64_t award_minor = 0;
  // Disbursements.
  int64_t paid_minor = 0;
  // Incoming funds: money the grantee returned.
  int64_t returned_minor = 0;
  // Costs in accepted reports.
  int64_t accepted_spent_minor = 0;
  bool interim_report_accepted = false;
  bool final_report_accepted = false;
};

// What the grant owes in the end: the accepted costs, up to the award.
int64_t FinalEntitlement(const PaymentFacts& f);

// What a grant has paid net: disbursed less returned, in minor units.
int64_t NetPaid(const v1::Grant& grant);

// How much the tranche numbered `number` of `grant` pays now, or FAILED_PRECONDITION naming what
// is missing: an earlier tranche unpaid; for an interim tranche, less than spent_before_next of
// what was paid spent, or no accepted interim report; for the balance, no accepted final report,
// or nothing left due. NOT_FOUND for an unknown number; FAILED_PRECONDITION when already paid.
absl::StatusOr<int64_t> TrancheDue(const v1::Grant& grant, int32_t number,
                                   const v1::TrancheRules& rules, const PaymentFacts& f);

// What the grantee must return: net payments beyond the final entitlement (0 before the final
// report is accepted: until then costs may still come).
int64_t AmountToReturn(const PaymentFacts& f);

// OK when the grant may close: the final report accepted and the balance paid or returned;
// else FAILED_PRECONDITION naming what is missing.
absl::Status CheckClosure(const PaymentFacts& f);

}  // namespace civitas::grants
