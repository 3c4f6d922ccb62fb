#include "services/grants/domain/awards.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "services/grants/domain/payments.h"

namespace civitas::grants {
namespace {

std::string StartOf(const v1::Application& a, const AwardTerms& t) {
  return t.start_date.empty() ? a.start_date() : t.start_date;
}

std::string EndOf(const v1::Application& a, const AwardTerms& t) {
  return t.end_date.empty() ? a.end_date() : t.end_date;
}

std::string Money(int64_t minor, const std::string& currency) {
  return absl::StrCat(minor, " ", currency, " minor units");
}

records::Transition<v1::Application> Decision(std::string event, v1::ApplicationState to,
                                              std::vector<v1::ApplicationState> from,
                                              ProgrammeParties parties, std::string reason) {
  records::Transition<v1::Application> t;
  t.event = std::move(event);
  t.from = std::move(from);
  t.to = to;
  t.authorize = StaffOnly<v1::Application>(std::move(parties), "deciding on applications");
  t.effect = [reason = std::move(reason)](v1::Application& a) {
    a.set_decision_reason(reason);
    return absl::OkStatus();
  };
  t.validate = [](const v1::Application&, const v1::Application& after, Violations* v) {
    if (absl::StripAsciiWhitespace(after.decision_reason()).empty()) {
      v->Add("reason", "is required: the applicant is told why");
    } else if (aip::CharacterCount(after.decision_reason()) > 2000) {
      v->Add("reason", "must be at most 2000 characters");
    }
  };
  return t;
}

}  // namespace

void ValidateAward(const v1::Call& call, const v1::Application& application,
                   const AwardTerms& terms, Violations* v) {
  const std::string& currency = call.envelope().currency_code();
  const int64_t amount = terms.amount.amount_minor();
  aip::CheckMoney(terms.amount, "amount", true, v);
  if (terms.amount.currency_code() != currency) {
    v->Add("amount.currency_code", absl::StrCat("must be the call's currency (", currency, ")"));
  } else if (amount <= 0) {
    v->Add("amount.amount_minor", "must be positive");
  } else if (amount > application.requested_amount().amount_minor()) {
    v->Add("amount.amount_minor",
           absl::StrCat("is more than the requested amount (",
                        Money(application.requested_amount().amount_minor(), currency), ")"));
  } else if (amount < call.min_award().amount_minor()) {
    v->Add("amount.amount_minor",
           absl::StrCat("is below the call's minimum award (",
                        Money(call.min_award().amount_minor(), currency), ")"));
  } else if (call.has_max_award() && amount > call.max_award().amount_minor()) {
    v->Add("amount.amount_minor",
           absl::StrCat("is above the call's maximum award (",
                        Money(call.max_award().amount_minor(), currency), ")"));
  } else if (call.has_third_party_cap() && amount > call.third_party_cap().amount_minor()) {
    v->Add("amount.amount_minor",
           absl::StrCat("is above the per-third-party cap (",
                        Money(call.third_party_cap().amount_minor(), currency), ")"));
  }
  aip::CheckDate(terms.start_date, "start_date", false, v);
  aip::CheckDate(terms.end_date, "end_date", false, v);
  aip::CheckDateRange(StartOf(application, terms), EndOf(application, terms), "start_date",
                      "end_date", v);
  aip::CheckText(terms.agreement_number, "agreement_number", false, 64, v);
  int finals = 0;
  for (size_t i = 0; i < terms.report_requirements.size(); ++i) {
    const v1::ReportRequirement& r = terms.report_requirements[i];
    const std::string field = absl::StrCat("report_requirements[", i, "]");
    if (r.kind() != v1::INTERIM_REPORT && r.kind() != v1::FINAL_REPORT) {
      v->Add(field + ".kind", "must be INTERIM_REPORT or FINAL_REPORT");
    }
    if (r.kind() == v1::FINAL_REPORT) ++finals;
    aip::CheckDate(r.due_date(), field + ".due_date", true, v);
  }
  if (!terms.report_requirements.empty() && finals != 1) {
    v->Add("report_requirements", "must hold exactly one FINAL_REPORT");
  }
}

std::vector<v1::ReportRequirement> DefaultReportRequirements(const v1::Call& call,
                                                             const std::string& start_date,
                                                             const std::string& end_date) {
  std::vector<v1::ReportRequirement> out;
  absl::CivilDay start, end;
  if (!ParseDay(start_date, &start) || !ParseDay(end_date, &end)) return out;
  if (call.tranche_rules().interim_bp() > 0) {
    v1::ReportRequirement& interim = out.emplace_back();
    interim.set_kind(v1::INTERIM_REPORT);
    interim.set_due_date(FormatDay(start + (end - start) / 2));
  }
  v1::ReportRequirement& final_report = out.emplace_back();
  final_report.set_kind(v1::FINAL_REPORT);
  final_report.set_due_date(FormatDay(end + 30));
  return out;
}

std::string DefaultAgreementNumber(const std::string& programme_name, const std::string& grant_name,
                                   absl::Time now) {
  return absl::AsciiStrToUpper(absl::StrCat(aip::IdIn<v1::Programme>(programme_name), "-",
                                            absl::FormatTime("%Y", now, absl::UTCTimeZone()), "-",
                                            aip::IdIn<v1::Grant>(grant_name)));
}

v1::Grant MakeGrant(const v1::Programme& programme, const v1::Call& call,
                    const v1::Application& application, const AwardTerms& terms,
                    const std::string& grant_name, const std::string& awarded_by, absl::Time now) {
  v1::Grant g;
  g.set_name(grant_name);
  g.set_application(application.name());
  g.set_call(call.name());
  g.set_programme(programme.name());
  g.set_agreement_number(terms.agreement_number.empty()
                             ? DefaultAgreementNumber(programme.name(), grant_name, now)
                             : terms.agreement_number);
  g.set_grantor(programme.lead_organization());
  g.set_funder(programme.funder());
  g.set_recipient(application.applicant());
  *g.mutable_amount() = terms.amount;
  g.set_start_date(StartOf(application, terms));
  g.set_end_date(EndOf(application, terms));
  for (v1::Tranche& t : ScheduleTranches(terms.amount, call.tranche_rules())) {
    *g.add_tranches() = std::move(t);
  }
  std::vector<v1::ReportRequirement> reports = terms.report_requirements;
  if (reports.empty()) reports = DefaultReportRequirements(call, g.start_date(), g.end_date());
  for (v1::ReportRequirement& r : reports) *g.add_report_requirements() = std::move(r);
  g.set_state(v1::GRANT_ACTIVE);
  const std::string& currency = terms.amount.currency_code();
  for (auto* total : {g.mutable_disbursed(), g.mutable_spent(), g.mutable_returned()}) {
    total->set_currency_code(currency);
  }
  *g.mutable_tranche_rules() = call.tranche_rules();
  *g.mutable_title() = application.title();
  *g.mutable_description() = application.summary();
  *g.mutable_territories() = application.territories();
  *g.mutable_service_types() = application.service_types();
  *g.mutable_award_time() = ToTimestamp(now);
  v1::Transaction& commitment = *g.add_transactions();
  commitment.set_number(1);
  commitment.set_type(v1::OUTGOING_COMMITMENT);
  *commitment.mutable_value() = terms.amount;
  commitment.set_date(DateOf(now));
  commitment.set_description(absl::StrCat("agreement ", g.agreement_number()));
  commitment.set_recorded_by(awarded_by);
  *commitment.mutable_create_time() = ToTimestamp(now);
  return g;
}

records::Transition<v1::Application> AwardTransition(ProgrammeParties parties,
                                                     std::string grant_name,
                                                     int32_t score_threshold_centi) {
  records::Transition<v1::Application> t;
  t.event = "awarded";
  t.from = {v1::APPLICATION_SCORED, v1::APPLICATION_RESERVE};
  t.to = v1::APPLICATION_AWARDED;
  t.authorize = StaffOnly<v1::Application>(std::move(parties), "awarding grants");
  t.effect = [grant_name = std::move(grant_name),
              score_threshold_centi](v1::Application& a) -> absl::Status {
    if (score_threshold_centi > 0 && a.score_centi() < score_threshold_centi) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "%s scored %d.%02d, below the call's threshold %d.%02d: it cannot be awarded", a.name(),
          a.score_centi() / 100, a.score_centi() % 100, score_threshold_centi / 100,
          score_threshold_centi % 100));
    }
    a.set_grant(grant_name);
    a.clear_decision_reason();
    return absl::OkStatus();
  };
  return t;
}

records::Transition<v1::Application> ReserveTransition(ProgrammeParties parties,
                                                       std::string reason) {
  return Decision("reserved", v1::APPLICATION_RESERVE, {v1::APPLICATION_SCORED}, std::move(parties),
                  std::move(reason));
}

records::Transition<v1::Application> RejectTransition(ProgrammeParties parties,
                                                      std::string reason) {
  return Decision("rejected", v1::APPLICATION_REJECTED,
                  {v1::APPLICATION_SCORED, v1::APPLICATION_RESERVE}, std::move(parties),
                  std::move(reason));
}

std::optional<v1::GrantAtRisk> AtRiskRow(
    const v1::Grant& grant, const std::string& service_type,
    const accreditation::v1::CheckAccreditationResponse& answer) {
  if (answer.accredited()) return std::nullopt;
  v1::GrantAtRisk row;
  row.set_grant(grant.name());
  row.set_recipient(grant.recipient());
  row.set_end_date(grant.end_date());
  row.set_service_type(service_type);
  if (answer.has_certificate()) {
    row.set_certificate(answer.certificate().number());
    row.set_certificate_valid_to(answer.certificate().valid_to());
    row.set_state_on_end_date(accreditation::v1::CertificateState_Name(answer.state_on_date()));
  }
  return row;
}

void ValidateGrant(const v1::Grant& grant, Violations* v) {
  aip::CheckMoney(grant.amount(), "amount", true, v);
  aip::CheckText(grant.agreement_number(), "agreement_number", true, 64, v);
}

std::string GrantNameFor(const v1::Application& application) {
  return aip::NameOf<v1::Grant>(aip::IdIn<v1::Application>(application.name()));
}

absl::Status CheckAccreditedToAward(
    const v1::Call& call, const std::string& applicant,
    const std::map<std::string, AccreditationFact>& accreditations) {
  for (const std::string& type : call.eligibility().required_accreditations()) {
    auto it = accreditations.find(type);
    const AccreditationFact missing;
    RETURN_IF_ERROR(CheckAccredited(applicant, type,
                                    it == accreditations.end() ? missing : it->second, "the call"));
  }
  return absl::OkStatus();
}

}  // namespace civitas::grants
