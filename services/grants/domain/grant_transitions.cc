#include "services/grants/domain/grant_transitions.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/common/calendar.h"
#include "services/grants/domain/reports.h"

namespace civitas::grants {
namespace {

v1::Transaction& AddTransaction(v1::Grant* grant, v1::TransactionType type, int64_t minor,
                                const std::string& date, const std::string& recorded_by,
                                absl::Time now) {
  v1::Transaction& t = *grant->add_transactions();
  t.set_number(grant->transactions_size());
  t.set_type(type);
  t.mutable_value()->set_currency_code(grant->amount().currency_code());
  t.mutable_value()->set_amount_minor(minor);
  t.set_date(date.empty() ? DateOf(now) : date);
  t.set_recorded_by(recorded_by);
  *t.mutable_create_time() = ToTimestamp(now);
  return t;
}

// A payment's date: when given, a real date no later than today. Money is recorded once it moved
// (IATI refuses transactions dated in the future).
void CheckValueDate(const std::string& date, absl::Time now, Violations* v) {
  aip::CheckDate(date, "date", false, v);
  if (aip::IsValidDate(date) && date > DateOf(now)) {
    v->Add("date", absl::StrCat(date, " is after today (", DateOf(now),
                                "): money is recorded once it has moved"));
  }
}

}  // namespace

PaymentFacts FactsOf(const v1::Grant& grant) {
  PaymentFacts f;
  f.award_minor = grant.amount().amount_minor();
  f.paid_minor = grant.disbursed().amount_minor();
  f.returned_minor = grant.returned().amount_minor();
  f.accepted_spent_minor = grant.spent().amount_minor();
  f.interim_report_accepted = grant.accepted_interim_reports() > 0;
  f.final_report_accepted = grant.final_report_accepted();
  return f;
}

records::Transition<v1::Grant> PayTrancheTransition(ProgrammeParties parties, int32_t number,
                                                    std::string date, std::string recorded_by,
                                                    absl::Time now) {
  records::Transition<v1::Grant> t;
  t.event = "tranche_paid";
  t.from = {v1::GRANT_ACTIVE};
  t.authorize = StaffOnly<v1::Grant>(std::move(parties), "paying tranches");
  t.effect = [number, date, recorded_by = std::move(recorded_by),
              now](v1::Grant& g) -> absl::Status {
    absl::StatusOr<int64_t> due = TrancheDue(g, number, g.tranche_rules(), FactsOf(g));
    if (!due.ok()) return due.status();
    for (v1::Tranche& tranche : *g.mutable_tranches()) {
      if (tranche.number() != number) continue;
      tranche.set_paid(true);
      tranche.mutable_amount()->set_amount_minor(*due);
      v1::Transaction& paid =
          AddTransaction(&g, tranche.kind() == v1::BALANCE ? v1::REIMBURSEMENT : v1::DISBURSEMENT,
                         *due, date, recorded_by, now);
      paid.set_tranche_number(number);
      paid.set_description(absl::StrCat(v1::TrancheKind_Name(tranche.kind()), " tranche"));
    }
    g.mutable_disbursed()->set_amount_minor(g.disbursed().amount_minor() + *due);
    return absl::OkStatus();
  };
  t.validate = [date, now](const v1::Grant&, const v1::Grant&, Violations* v) {
    CheckValueDate(date, now, v);
  };
  return t;
}

records::Transition<v1::Grant> RecordReturnTransition(ProgrammeParties parties,
                                                      common::v1::Money amount, std::string date,
                                                      std::string description,
                                                      std::string recorded_by, absl::Time now) {
  records::Transition<v1::Grant> t;
  t.event = "return_recorded";
  t.from = {v1::GRANT_ACTIVE};
  t.authorize = StaffOnly<v1::Grant>(std::move(parties), "recording returned money");
  t.effect = [amount, date, description, recorded_by = std::move(recorded_by),
              now](v1::Grant& g) -> absl::Status {
    if (amount.currency_code() != g.amount().currency_code() || amount.amount_minor() <= 0) {
      return absl::OkStatus();  // validate names the field
    }
    const int64_t outstanding = g.disbursed().amount_minor() - g.returned().amount_minor();
    if (amount.amount_minor() > outstanding) {
      return absl::FailedPreconditionError(
          absl::StrCat("a return of ", amount.amount_minor(), " is more than the ", outstanding,
                       " paid to ", g.recipient(), " and not yet returned"));
    }
    AddTransaction(&g, v1::INCOMING_FUNDS, amount.amount_minor(), date, recorded_by, now)
        .set_description(description);
    g.mutable_returned()->set_amount_minor(g.returned().amount_minor() + amount.amount_minor());
    return absl::OkStatus();
  };
  t.validate = [amount, date, description, now](const v1::Grant& before, const v1::Grant&,
                                                Violations* v) {
    aip::CheckMoney(amount, "amount", true, v);
    if (amount.currency_code() != before.amount().currency_code()) {
      v->Add("amount.currency_code",
             absl::StrCat("must be the grant's currency (", before.amount().currency_code(), ")"));
    } else if (amount.amount_minor() <= 0) {
      v->Add("amount.amount_minor", "must be positive");
    }
    CheckValueDate(date, now, v);
    aip::CheckText(description, "description", false, 1000, v);
  };
  return t;
}

absl::Status CountAcceptedReport(const v1::Report& report, const std::string& recorded_by,
                                 absl::Time now, v1::Grant* grant) {
  if (report.grant() != grant->name()) {
    return absl::FailedPreconditionError(
        absl::StrCat(report.name(), " reports on ", report.grant(), ", not ", grant->name()));
  }
  if (grant->state() != v1::GRANT_ACTIVE) {
    return absl::FailedPreconditionError(absl::StrCat(grant->name(), " is ",
                                                      v1::GrantState_Name(grant->state()),
                                                      "; reports are accepted on an active grant"));
  }
  if (!report.period_end().empty() && report.period_end() >= DateOf(now)) {
    return absl::FailedPreconditionError(
        absl::StrCat(report.name(), " covers a period that ends ", report.period_end(),
                     "; its expenditure is counted once the period is over"));
  }
  const int64_t spent = AcceptedSpending({report});
  if (spent > 0) {
    v1::Transaction& t =
        AddTransaction(grant, v1::EXPENDITURE, spent, report.period_end(), recorded_by, now);
    t.set_report(report.name());
    t.set_description(absl::StrCat(v1::ReportKind_Name(report.kind()), " expenditure"));
  }
  grant->mutable_spent()->set_amount_minor(grant->spent().amount_minor() + spent);
  if (report.kind() == v1::FINAL_REPORT) {
    grant->set_final_report_accepted(true);
  } else {
    grant->set_accepted_interim_reports(grant->accepted_interim_reports() + 1);
  }
  return absl::OkStatus();
}

records::Transition<v1::Grant> CloseGrantTransition(ProgrammeParties parties, absl::Time now) {
  records::Transition<v1::Grant> t;
  t.event = "closed";
  t.from = {v1::GRANT_ACTIVE};
  t.to = v1::GRANT_CLOSED;
  t.authorize = StaffOnly<v1::Grant>(std::move(parties), "closing grants");
  t.effect = [now](v1::Grant& g) -> absl::Status {
    if (absl::Status s = CheckClosure(FactsOf(g)); !s.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(g.name(), ": ", s.message()));
    }
    *g.mutable_close_time() = ToTimestamp(now);
    return absl::OkStatus();
  };
  return t;
}

}  // namespace civitas::grants
