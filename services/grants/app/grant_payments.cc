#include "services/grants/app/grant_payments.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "libs/common/calendar.h"
#include "libs/common/request_fingerprint.h"
#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/grant_transitions.h"
#include "services/grants/domain/reports.h"

namespace civitas::grants {
namespace {

// The counter change that keeps net payments within the award: `after`'s net minus `before`'s.
CounterChange NetPaidChange(const v1::Grant& before, const v1::Grant& after) {
  return {.name = DisbursedCounter(after.name()),
          .delta = NetPaid(after) - NetPaid(before),
          .max = after.amount().amount_minor(),
          .what = absl::StrCat("net amount paid on ", after.name(), " (paid less returned)"),
          .max_is = "the grant's amount",
          .min_is = "nothing paid"};
}

}  // namespace

std::string DisbursedCounter(const std::string& grant_name) {
  return absl::StrCat(grant_name, "/disbursed");
}

absl::StatusOr<v1::Grant> GrantPayments::PayTranche(const records::Request& r,
                                                    const std::string& name, int32_t tranche_number,
                                                    const std::string& date,
                                                    const std::string& etag) {
  const Principal& p = r.caller();
  ASSIGN_OR_RETURN(v1::Grant grant, grants_->Get(r, name));
  ASSIGN_OR_RETURN(ProgrammeParties parties,
                   PartiesOfProgramme(r.reads(store_), grant.programme()));
  records::Transition<v1::Grant> pay =
      grants::PayTrancheTransition(parties, tranche_number, date, p.subject, clock_->Now());
  pay.extend = [](const v1::Grant& before, const v1::Grant& after, WritePlan* plan) {
    plan->counters.push_back(NetPaidChange(before, after));
    return absl::OkStatus();
  };
  return grants_->Apply(r, name, etag, pay);
}

absl::StatusOr<v1::Grant> GrantPayments::RecordReturn(
    const records::Request& r, const std::string& name, const common::v1::Money& amount,
    const std::string& date, const std::string& description, const std::string& etag,
    const std::string& request_id) {
  const Principal& p = r.caller();
  if (request_id.size() > 128) {
    return absl::InvalidArgumentError("request_id: must be at most 128 bytes");
  }
  ASSIGN_OR_RETURN(v1::Grant grant, grants_->Get(r, name));
  ASSIGN_OR_RETURN(ProgrammeParties parties,
                   PartiesOfProgramme(r.reads(store_), grant.programme()));
  records::Transition<v1::Grant> record =
      grants::RecordReturnTransition(parties, amount, date, description, p.subject, clock_->Now());
  record.extend = [&](const v1::Grant& before, const v1::Grant& after, WritePlan* plan) {
    plan->counters.push_back(NetPaidChange(before, after));
    if (!request_id.empty()) {
      plan->idempotency_key = absl::StrCat(p.subject, "/return/", request_id);
      plan->idempotency_fingerprint =
          RequestFingerprint({name, DeterministicBytes(amount), date, description, etag});
    }
    return absl::OkStatus();
  };
  return grants_->Apply(r, name, etag, record);
}

absl::StatusOr<v1::Grant> GrantPayments::Close(const records::Request& r, const std::string& name,
                                               const std::string& etag) {
  ASSIGN_OR_RETURN(v1::Grant grant, grants_->Get(r, name));
  ASSIGN_OR_RETURN(ProgrammeParties parties,
                   PartiesOfProgramme(r.reads(store_), grant.programme()));
  return grants_->Apply(r, name, etag, grants::CloseGrantTransition(parties, clock_->Now()));
}

absl::StatusOr<v1::ListOverdueReportsResponse> GrantPayments::OverdueReports(
    const records::Request& r, const std::string& programme) {
  const Principal& p = r.caller();
  if (p.anonymous()) return absl::UnauthenticatedError("overdue reports need a bearer token");
  ASSIGN_OR_RETURN(std::vector<v1::Grant> grants,
                   ActiveGrantsManagedBy(r.reads(store_), p, programme));
  const std::string today = DateOf(clock_->Now());
  v1::ListOverdueReportsResponse out;
  for (const v1::Grant& g : grants) {
    ASSIGN_OR_RETURN(std::vector<v1::Report> reports,
                     ScanAll<v1::Report>(r.reads(store_), {absl::StrCat("grant=", g.name())}));
    for (v1::OverdueReport& row : OverdueReportRows(g, reports, today)) {
      *out.add_overdue_reports() = std::move(row);
    }
  }
  SortOverdueReports(out.mutable_overdue_reports());
  return out;
}

}  // namespace civitas::grants
