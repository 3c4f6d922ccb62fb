#include "services/accreditation/app/case_procedure.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/filter.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/accreditation/domain/access_policy.h"
#include "services/accreditation/domain/case_transitions.h"
#include "services/accreditation/domain/certificates.h"
#include "services/accreditation/domain/issued_certificates.h"
#include "services/accreditation/domain/register_queries.h"
#include "services/accreditation/domain/resource_spec.h"
#include "services/accreditation/domain/standards.h"

namespace civitas::accreditation {
namespace {

// Decisions racing for the same country's and year's next number each lose at most once per
// number another takes; this bounds a retry loop that 32 concurrent decisions stay well within.
constexpr int kMaxDecisionAttempts = 50;

}  // namespace

absl::StatusOr<v1::AccreditationCase> CaseProcedure::Read(const records::Request& r,
                                                          const std::string& name) {
  return cases_->Get(r, name);
}

absl::StatusOr<v1::AccreditationCase> CaseProcedure::RecordVerdicts(
    const records::Request& r, const std::string& name, std::vector<v1::ConditionVerdict> verdicts,
    const std::string& etag) {
  const Principal& p = r.caller();
  return cases_->Apply(r, name, etag,
                       RecordVerdictsTransition(std::move(verdicts), p.subject, clock_->Now()));
}

absl::StatusOr<v1::AccreditationCase> CaseProcedure::StartSelfAssessment(const records::Request& r,
                                                                         const std::string& name,
                                                                         const std::string& note,
                                                                         const std::string& etag) {
  const Principal& p = r.caller();
  ASSIGN_OR_RETURN(v1::AccreditationCase c, Read(r, name));
  ASSIGN_OR_RETURN(PinnedStandards pinned,
                   standards_->InForceToday(c.country(), c.service_types()));
  return cases_->Apply(r, name, etag,
                       accreditation::StartSelfAssessmentTransition(std::move(pinned), p.subject,
                                                                    note, clock_->Now()));
}

absl::StatusOr<v1::AccreditationCase> CaseProcedure::SubmitSelfAssessment(
    const records::Request& r, const std::string& name, std::vector<v1::StandardScores> scores,
    const std::string& etag) {
  const Principal& p = r.caller();
  ASSIGN_OR_RETURN(v1::AccreditationCase c, Read(r, name));
  ASSIGN_OR_RETURN(PinnedStandards pinned, standards_->PinnedBy(c));
  return cases_->Apply(r, name, etag,
                       accreditation::SubmitSelfAssessmentTransition(
                           std::move(pinned), std::move(scores), p.subject, clock_->Now()));
}

absl::StatusOr<v1::AccreditationCase> CaseProcedure::AssignAssessor(const records::Request& r,
                                                                    const std::string& name,
                                                                    const std::string& assessor,
                                                                    const std::string& etag) {
  const Principal& p = r.caller();
  return cases_->Apply(r, name, etag,
                       accreditation::AssignAssessorTransition(assessor, p.subject, clock_->Now()));
}

absl::StatusOr<v1::AccreditationCase> CaseProcedure::SubmitEvaluation(
    const records::Request& r, const std::string& name, v1::ExternalEvaluation evaluation,
    const std::string& etag) {
  const Principal& p = r.caller();
  ASSIGN_OR_RETURN(v1::AccreditationCase c, Read(r, name));
  ASSIGN_OR_RETURN(PinnedStandards pinned, standards_->PinnedBy(c));
  return cases_->Apply(r, name, etag,
                       accreditation::SubmitEvaluationTransition(
                           std::move(pinned), std::move(evaluation), p.subject, clock_->Now()));
}

absl::StatusOr<v1::AccreditationCase> CaseProcedure::Decide(const records::Request& r,
                                                            const v1::DecideCaseRequest& decision) {
  const Principal& p = r.caller();
  const std::string& name = decision.name();
  const std::string& etag = decision.etag();
  DecisionRequest request;
  request.outcome = decision.outcome();
  request.reasons.assign(decision.reasons().begin(), decision.reasons().end());
  request.corrective_actions.assign(decision.corrective_actions().begin(),
                                    decision.corrective_actions().end());
  const absl::Time now = clock_->Now();
  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  const bool issues = IssuesCertificate(request.outcome);
  // What the decision depends on besides the case, read on every attempt of the one write
  // (Transition::prepare): another decision that took the certificate number read here makes the
  // write ABORTED, and the next attempt reads the counter (and the case) again.
  struct Inputs {
    PinnedStandards pinned;
    v1::CountryPolicy policy;
    std::string sequence;
    int64_t last_number = 0;
    std::string certificate_name;
    std::vector<std::string> territories;
  };
  Inputs in;
  // From-states, target state and who may decide do not depend on the inputs.
  CaseTransition decide = accreditation::DecideTransition({}, request, {}, "", p.subject, now);
  decide.prepare = [&](const v1::AccreditationCase& c) -> absl::Status {
    ASSIGN_OR_RETURN(in.pinned, standards_->PinnedBy(c));
    ASSIGN_OR_RETURN(auto policy,
                     records::ReadExisting<v1::CountryPolicy>(
                         store_, aip::NameOf<v1::CountryPolicy>(PolicyId(c.country()))));
    in.policy = std::move(policy.record);
    if (!issues) return absl::OkStatus();
    in.sequence = CertificateSequence(c.country(), today.year());
    ASSIGN_OR_RETURN(in.last_number, r.reads(store_)->GetCounter(in.sequence));
    in.certificate_name =
        CertificateName(CertificateNumber(c.country(), today.year(), in.last_number + 1));
    // The registry's answer does not change between attempts: asked once.
    if (in.territories.empty()) {
      ASSIGN_OR_RETURN(in.territories, TerritoriesOf(r.call(), c));
    }
    return absl::OkStatus();
  };
  decide.effect = [&](v1::AccreditationCase& c) {
    return accreditation::DecideTransition(in.pinned, request, in.policy, in.certificate_name,
                                           p.subject, now)
        .effect(c);
  };
  // Decisions in one country and year contend for its certificate numbers: more attempts than a
  // plain update, each after a jittered wait (the write's Backoff).
  decide.max_attempts = kMaxDecisionAttempts;
  if (issues) {
    decide.extend = [&](const v1::AccreditationCase&, const v1::AccreditationCase& after,
                        WritePlan* plan) -> absl::Status {
      v1::Certificate certificate = MakeCertificate(after, request, in.policy, in.last_number + 1,
                                                    in.territories, p.subject, now);
      const ChangeRequest renewal =
          RenewalBy(certificate, in.certificate_name, after, p.subject, now);
      ASSIGN_OR_RETURN(auto created, certificates_->PlanCreate(
                                         r, std::move(certificate),
                                         aip::IdIn<v1::Certificate>(in.certificate_name), "",
                                         records::RecordService<v1::Certificate>::Origin::kServer));
      MergePlan(std::move(created.plan), plan);
      // The number is the counter's next value, taken only if nobody took it since it was read.
      plan->counters.push_back({.name = in.sequence,
                                .delta = 1,
                                .expected = in.last_number,
                                .what = "the certificate number sequence of the country and year"});
      if (const std::string id = aip::IdIn<v1::Certificate>(after.renews()); !id.empty()) {
        ASSIGN_OR_RETURN(auto old, records::ReadRecord<v1::Certificate>(r.reads(store_), id));
        if (!old.has_value()) {
          return absl::FailedPreconditionError(absl::StrCat(after.renews(), " does not exist"));
        }
        v1::Certificate renewed = old->record;
        RETURN_IF_ERROR(RenewCertificate(renewal, in.certificate_name, &renewed));
        ShowStateOn(today, &renewed);
        ASSIGN_OR_RETURN(DocumentChange doc,
                         certificates_->PlanUpdate(old->record, old->version, &renewed, "renewed"));
        plan->documents.push_back(std::move(doc));
      }
      return absl::OkStatus();
    };
  }
  return cases_->Apply(r, name, etag, decide);
}

absl::StatusOr<std::vector<std::string>> CaseProcedure::TerritoriesOf(
    const clients::CallContext& ctx, const v1::AccreditationCase& c) {
  std::vector<registry::v1::SocialService> services;
  for (const std::string& service : c.social_services()) {
    ASSIGN_OR_RETURN(services.emplace_back(), registry_->GetSocialService(ctx, service));
  }
  // The provider is read only when the rule falls back to it (no service has a territory).
  registry::v1::Organization provider;
  if (CertificateTerritories(services, provider).empty()) {
    ASSIGN_OR_RETURN(provider, registry_->GetOrganization(ctx, c.provider()));
  }
  return CertificateTerritories(services, provider);
}

absl::StatusOr<v1::AccreditationCase> CaseProcedure::CompleteCorrectiveAction(
    const records::Request& r, const std::string& name, const std::string& action,
    const std::string& completed_date, const std::string& note, const std::string& etag) {
  const Principal& p = r.caller();
  absl::CivilDay completed = DayOf(clock_->Now());
  Violations v;
  CheckCompletionDate(completed_date, &completed, &v);
  RETURN_IF_ERROR(v.ToStatus());
  return cases_->Apply(r, name, etag,
                       accreditation::CompleteCorrectiveActionTransition(action, completed, note,
                                                                         p.subject, clock_->Now()));
}

absl::StatusOr<v1::AccreditationCase> CaseProcedure::Withdraw(const records::Request& r,
                                                              const std::string& name,
                                                              const std::string& reason,
                                                              const std::string& etag) {
  const Principal& p = r.caller();
  return cases_->Apply(r, name, etag, WithdrawCaseTransition(reason, p.subject, clock_->Now()));
}

absl::StatusOr<std::vector<v1::OverdueCorrectiveAction>> CaseProcedure::OverdueActions(
    const records::Request& r, const std::string& filter, const std::string& as_of) {
  const Principal& p = r.caller();
  RETURN_IF_ERROR(AuthorizeAccreditingBody(p, "listing overdue corrective actions"));
  ASSIGN_OR_RETURN(const std::vector<aip::FilterTerm> terms, aip::ParseFilter(filter, CaseSpec()));
  absl::CivilDay day = DayOf(clock_->Now());
  Violations v;
  CheckOverdueQuery(as_of, terms, &day, &v);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(std::vector<v1::AccreditationCase> decided,
                   records::ScanAll<v1::AccreditationCase>(
                       store_, {records::StateIndex<v1::AccreditationCase>(v1::CASE_DECIDED)}));
  std::vector<v1::OverdueCorrectiveAction> out;
  for (const auto& c : decided) {
    if (!aip::MatchesAll(c, terms)) continue;
    for (v1::OverdueCorrectiveAction& row : OverdueRowsOf(c, day)) out.push_back(std::move(row));
  }
  return out;
}

}  // namespace civitas::accreditation
