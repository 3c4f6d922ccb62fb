#include "services/grants/app/application_decisions.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "services/grants/app/application_submission.h"
#include "services/grants/app/grants_counters.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/application_transitions.h"

namespace civitas::grants {

std::string ThirdPartyCounter(const std::string& programme_name, const std::string& organization) {
  return absl::StrCat(programme_name, "/third_parties/", organization);
}

absl::StatusOr<v1::Application> ApplicationDecisions::Withdraw(const records::Request& r,
                                                               const std::string& name,
                                                               const std::string& etag) {
  return applications_->Apply(r, name, etag, grants::WithdrawApplicationTransition());
}

absl::StatusOr<v1::Application> ApplicationDecisions::OverrideEligibility(const records::Request& r,
                                                                          const std::string& name,
                                                                          bool eligible,
                                                                          const std::string& reason,
                                                                          const std::string& etag) {
  const Principal& p = r.caller();
  ASSIGN_OR_RETURN(ProgrammeParties parties, PartiesOfApplication(r.reads(store_), name));
  return applications_->Apply(
      r, name, etag,
      grants::OverrideEligibilityTransition(parties, eligible, reason, p.subject, clock_->Now()));
}

absl::StatusOr<v1::Grant> ApplicationDecisions::Award(const records::Request& r,
                                                      const v1::AwardApplicationRequest& request) {
  const Principal& p = r.caller();
  const std::string& name = request.name();
  const AwardTerms terms{
      request.amount(),
      request.start_date(),
      request.end_date(),
      request.agreement_number(),
      {request.report_requirements().begin(), request.report_requirements().end()}};
  ASSIGN_OR_RETURN(v1::Application application, applications_->Get(r, name));
  // Read already when the access check needed them (not for admins): then from the request's
  // reads, else both in one round trip.
  const v1::Application* read_together[] = {&application};
  RETURN_IF_ERROR(PrefetchCallsAndProgrammes(r.reads(store_), read_together));
  ASSIGN_OR_RETURN(auto call, ReadExisting<v1::Call>(r.reads(store_), application.call()));
  ASSIGN_OR_RETURN(auto programme,
                   ReadExisting<v1::Programme>(r.reads(store_), call.record.programme()));
  const ProgrammeParties parties = PartiesOf(programme.record);
  // Staff first: another organisation learns nothing from the validation of its request.
  RETURN_IF_ERROR(AuthorizeProgrammeStaff(p, parties, "awarding grants"));
  Violations v;
  ValidateAward(call.record, application, terms, &v);
  RETURN_IF_ERROR(v.ToStatus());
  // The provider must still be accredited for what the call requires, on the day of the award.
  ASSIGN_OR_RETURN(auto accreditations,
                   AccreditationsOf(accreditation_, application.applicant(), call.record,
                                    DateOf(clock_->Now()), r.call()));
  RETURN_IF_ERROR(CheckAccreditedToAward(call.record, application.applicant(), accreditations));

  const std::string grant_name = GrantNameFor(application);
  const std::string grant_id = aip::IdIn<v1::Grant>(grant_name);
  records::Transition<v1::Application> award =
      grants::AwardTransition(parties, grant_name, call.record.score_threshold_centi());
  const absl::Time now = clock_->Now();
  // The call and programme the grant is made from, read again on every attempt of the write (in
  // its own retry loop: the first from the request's reads, a retry from the store), so that the
  // plan is never computed from what a lost race read.
  award.prepare = [&](const v1::Application& before) -> absl::Status {
    // Both in one round trip when the application names its programme.
    const v1::Application* again[] = {&before};
    RETURN_IF_ERROR(PrefetchCallsAndProgrammes(r.reads(store_), again));
    ASSIGN_OR_RETURN(call, ReadExisting<v1::Call>(r.reads(store_), before.call()));
    ASSIGN_OR_RETURN(programme,
                     ReadExisting<v1::Programme>(r.reads(store_), call.record.programme()));
    return absl::OkStatus();
  };
  // The agreement as planned is the one written: the answer needs no read after the write.
  v1::Grant made;
  award.extend = [&](const v1::Application& before, const v1::Application&,
                     WritePlan* plan) -> absl::Status {
    v1::Grant grant =
        MakeGrant(programme.record, call.record, before, terms, grant_name, p.subject, now);
    ASSIGN_OR_RETURN(auto created,
                     grants_->PlanCreate(r, std::move(grant), grant_id, "",
                                         records::RecordService<v1::Grant>::Origin::kServer));
    made = std::move(created.entity);
    MergePlan(std::move(created.plan), plan);
    const int64_t amount = terms.amount.amount_minor();
    plan->counters.push_back({.name = AwardedCallCounter(call.record.name()),
                              .delta = amount,
                              .max = call.record.envelope().amount_minor(),
                              .what = absl::StrCat("amount awarded from ", call.record.name()),
                              .max_is = "the call's envelope"});
    if (call.record.has_third_party_cap()) {
      plan->counters.push_back(
          {.name = ThirdPartyCounter(programme.record.name(), before.applicant()),
           .delta = amount,
           .max = call.record.third_party_cap().amount_minor(),
           .what = absl::StrCat("amount awarded to ", before.applicant(), " in ",
                                programme.record.name()),
           .max_is = "the call's cap per third party"});
    }
    // Published or closed, and as read, when the award applies: its rules are frozen from
    // publication on, and its envelope and cap bound the counters above.
    plan->references.push_back(records::RefTo<v1::Call>(aip::IdIn<v1::Call>(call.record.name()),
                                                        {v1::CALL_PUBLISHED, v1::CALL_CLOSED},
                                                        call.version));
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(applications_->Apply(r, name, request.etag(), award).status());
  return made;
}

absl::StatusOr<v1::Application> ApplicationDecisions::Reserve(const records::Request& r,
                                                              const std::string& name,
                                                              const std::string& reason,
                                                              const std::string& etag) {
  ASSIGN_OR_RETURN(ProgrammeParties parties, PartiesOfApplication(r.reads(store_), name));
  return applications_->Apply(r, name, etag, grants::ReserveTransition(parties, reason));
}

absl::StatusOr<v1::Application> ApplicationDecisions::Reject(const records::Request& r,
                                                             const std::string& name,
                                                             const std::string& reason,
                                                             const std::string& etag) {
  ASSIGN_OR_RETURN(ProgrammeParties parties, PartiesOfApplication(r.reads(store_), name));
  return applications_->Apply(r, name, etag, grants::RejectTransition(parties, reason));
}

}  // namespace civitas::grants
