#include "services/grants/app/report_workflow.h"

#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/call_transitions.h"
#include "services/grants/domain/grant_transitions.h"

namespace civitas::grants {

absl::StatusOr<v1::Report> ReportWorkflow::Submit(const records::Request& r,
                                                  const std::string& name,
                                                  const std::string& etag) {
  ASSIGN_OR_RETURN(v1::Report report, reports_->Get(r, name));
  ASSIGN_OR_RETURN(auto grant, ReadExisting<v1::Grant>(r.reads(store_), report.grant()));
  return reports_->Apply(r, name, etag, SubmitReportTransition(grant.record, clock_->Now()));
}

absl::StatusOr<v1::Report> ReportWorkflow::Accept(const records::Request& r,
                                                  const std::string& name,
                                                  const std::string& comment,
                                                  const std::string& etag) {
  const Principal& p = r.caller();
  ASSIGN_OR_RETURN(v1::Report report, reports_->Get(r, name));
  ASSIGN_OR_RETURN(auto grant, ReadExisting<v1::Grant>(r.reads(store_), report.grant()));
  ASSIGN_OR_RETURN(ProgrammeParties parties,
                   PartiesOfProgramme(r.reads(store_), grant.record.programme()));
  records::Transition<v1::Report> accept = ReviewReportTransition(parties, true, comment);
  const absl::Time now = clock_->Now();
  accept.extend = [&](const v1::Report&, const v1::Report& after, WritePlan* plan) -> absl::Status {
    // Read inside the attempt: a payment in between makes the write ABORTED and retried.
    ASSIGN_OR_RETURN(auto current, ReadExisting<v1::Grant>(r.reads(store_), after.grant()));
    v1::Grant counted = current.record;
    RETURN_IF_ERROR(CountAcceptedReport(after, p.subject, now, &counted));
    ASSIGN_OR_RETURN(
        plan->documents.emplace_back(),
        grants_->PlanUpdate(current.record, current.version, &counted, "report_accepted"));
    return absl::OkStatus();
  };
  return reports_->Apply(r, name, etag, accept);
}

absl::StatusOr<v1::Report> ReportWorkflow::RequestRevision(const records::Request& r,
                                                           const std::string& name,
                                                           const std::string& comment,
                                                           const std::string& etag) {
  ASSIGN_OR_RETURN(v1::Report report, reports_->Get(r, name));
  ASSIGN_OR_RETURN(auto grant, ReadExisting<v1::Grant>(r.reads(store_), report.grant()));
  ASSIGN_OR_RETURN(ProgrammeParties parties,
                   PartiesOfProgramme(r.reads(store_), grant.record.programme()));
  return reports_->Apply(r, name, etag, ReviewReportTransition(parties, false, comment));
}

}  // namespace civitas::grants
