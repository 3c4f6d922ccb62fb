#include "services/grants/domain/payments.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace civitas::grants {
namespace {

// share of `amount` in basis points, rounded down; exact (amounts < 2^53, bp <= 10^4).
int64_t Share(int64_t amount, int32_t bp) {
  return static_cast<int64_t>(static_cast<__int128>(amount) * bp / kBasisPoints);
}

v1::Tranche MakeTranche(int32_t number, v1::TrancheKind kind, const std::string& currency,
                        int64_t amount) {
  v1::Tranche t;
  t.set_number(number);
  t.set_kind(kind);
  t.mutable_amount()->set_currency_code(currency);
  t.mutable_amount()->set_amount_minor(amount);
  return t;
}

}  // namespace

std::vector<v1::Tranche> ScheduleTranches(const common::v1::Money& award,
                                          const v1::TrancheRules& rules) {
  const int64_t total = award.amount_minor();
  const int64_t pre = Share(total, rules.pre_financing_bp());
  const int64_t interim = std::min(Share(total, rules.interim_bp()), total - pre);
  const int64_t balance = total - pre - interim;
  std::vector<v1::Tranche> out;
  int32_t number = 0;
  if (pre > 0) out.push_back(MakeTranche(++number, v1::PRE_FINANCING, award.currency_code(), pre));
  if (interim > 0) {
    out.push_back(MakeTranche(++number, v1::INTERIM, award.currency_code(), interim));
  }
  if (balance > 0) {
    out.push_back(MakeTranche(++number, v1::BALANCE, award.currency_code(), balance));
  }
  return out;
}

int64_t FinalEntitlement(const PaymentFacts& f) {
  return std::min(f.award_minor, f.accepted_spent_minor);
}

absl::StatusOr<int64_t> TrancheDue(const v1::Grant& grant, int32_t number,
                                   const v1::TrancheRules& rules, const PaymentFacts& f) {
  const v1::Tranche* tranche = nullptr;
  for (const v1::Tranche& t : grant.tranches()) {
    if (t.number() == number) tranche = &t;
  }
  if (tranche == nullptr) {
    return absl::NotFoundError(absl::StrCat(grant.name(), " has no tranche ", number));
  }
  if (tranche->paid()) {
    return absl::FailedPreconditionError(
        absl::StrCat("tranche ", number, " of ", grant.name(), " is already paid"));
  }
  for (const v1::Tranche& t : grant.tranches()) {
    if (t.number() < number && !t.paid()) {
      return absl::FailedPreconditionError(
          absl::StrCat("tranche ", t.number(), " of ", grant.name(), " is not paid yet"));
    }
  }
  const int64_t net_paid = f.paid_minor - f.returned_minor;
  int64_t due = tranche->amount().amount_minor();
  switch (tranche->kind()) {
    case v1::PRE_FINANCING:
      break;
    case v1::INTERIM: {
      // spent / paid >= bp / 10000, in integers.
      const __int128 spent = static_cast<__int128>(f.accepted_spent_minor) * kBasisPoints;
      const __int128 needed = static_cast<__int128>(rules.spent_before_next_bp()) * f.paid_minor;
      if (spent < needed) {
        return absl::FailedPreconditionError(
            absl::StrCat("the interim tranche needs ", rules.spent_before_next_bp() / 100.0,
                         "% of what was paid spent in accepted reports: ", f.accepted_spent_minor,
                         " of ", f.paid_minor, " spent"));
      }
      if (!f.interim_report_accepted) {
        return absl::FailedPreconditionError(
            "the interim tranche needs an accepted interim report");
      }
      break;
    }
    case v1::BALANCE:
      if (!f.final_report_accepted) {
        return absl::FailedPreconditionError("the balance needs an accepted final report");
      }
      due = FinalEntitlement(f) - net_paid;
      if (due <= 0) {
        return absl::FailedPreconditionError(absl::StrCat(
            "nothing is due on the balance: accepted costs ", f.accepted_spent_minor, ", paid ",
            net_paid, (due < 0 ? absl::StrCat("; ", -due, " to be returned") : "")));
      }
      break;
    default:
      return absl::FailedPreconditionError(absl::StrCat("tranche ", number, " has no kind"));
  }
  if (net_paid + due > f.award_minor) {
    return absl::FailedPreconditionError(absl::StrCat("paying ", due, " would exceed the award of ",
                                                      f.award_minor, " (paid ", net_paid, ")"));
  }
  return due;
}

int64_t AmountToReturn(const PaymentFacts& f) {
  if (!f.final_report_accepted) return 0;
  return std::max<int64_t>(0, f.paid_minor - f.returned_minor - FinalEntitlement(f));
}

absl::Status CheckClosure(const PaymentFacts& f) {
  if (!f.final_report_accepted) {
    return absl::FailedPreconditionError("a grant closes after its final report is accepted");
  }
  const int64_t net_paid = f.paid_minor - f.returned_minor;
  const int64_t entitled = FinalEntitlement(f);
  if (net_paid < entitled) {
    return absl::FailedPreconditionError(
        absl::StrCat("the balance of ", entitled - net_paid, " is not paid yet"));
  }
  if (net_paid > entitled) {
    return absl::FailedPreconditionError(
        absl::StrCat(net_paid - entitled, " is still to be returned by the grantee"));
  }
  return absl::OkStatus();
}

int64_t NetPaid(const v1::Grant& grant) {
  return grant.disbursed().amount_minor() - grant.returned().amount_minor();
}

}  // namespace civitas::grants
