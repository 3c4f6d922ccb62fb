// Decisions on applications: what an award must satisfy before the store's counters check the
// envelope and the per-third-party cap, the grant agreement an award makes, and the decision
// transitions (award, reserve list, rejection), all by programme staff. Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "civitas/accreditation/v1/accreditation_service.pb.h"
#include "civitas/grants/v1/grants_service.pb.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/common/field_violations.h"
#include "libs/records/transition.h"
#include "services/grants/domain/access_policy.h"
#include "services/grants/domain/eligibility.h"

namespace civitas::grants {

// What staff decide when awarding.
struct AwardTerms {
  common::v1::Money amount;
  // `YYYY-MM-DD`; the application's period when empty.
  std::string start_date;
  std::string end_date;
  // Generated when empty.
  std::string agreement_number;
  // DefaultReportRequirements when empty.
  std::vector<v1::ReportRequirement> report_requirements;
};

// The amount in the call's currency, positive, at most the requested amount, within the call's
// minimum and maximum award and its per-third-party cap; a valid period; report requirements
// with a kind and a due date, and one final report among them. Violations name the request's
// fields (`amount.amount_minor`, `report_requirements[1].due_date`, ...).
void ValidateAward(const v1::Call& call, const v1::Application& application,
                   const AwardTerms& terms, Violations* v);

// The grant an award of `application` makes: it takes the application's id, so an application
// makes one agreement at most (a second award finds the name taken).
std::string GrantNameFor(const v1::Application& application);

// OK when `accreditations` (by service type, on the day of the award) show the applicant
// accredited for each service type the call requires; FAILED_PRECONDITION `accreditation: ...`
// naming the first shortfall in the call's order of required types otherwise (as eligibility
// lists them; a type missing from `accreditations` is one).
absl::Status CheckAccreditedToAward(const v1::Call& call, const std::string& applicant,
                                    const std::map<std::string, AccreditationFact>& accreditations);

// An interim report at the period's midpoint when the call's tranche rules pay an interim tranche,
// and the final report 30 days after the end.
std::vector<v1::ReportRequirement> DefaultReportRequirements(const v1::Call& call,
                                                             const std::string& start_date,
                                                             const std::string& end_date);

// `<PROGRAMME ID>-<year>-<grant id>`, e.g. `SFM-FSTP-2026-7K2Q`: unique with the grant's id.
std::string DefaultAgreementNumber(const std::string& programme_name, const std::string& grant_name,
                                   absl::Time now);

// The agreement an award makes, named `grant_name`: parties (the programme's lead organisation
// pays the applicant), amount, period, the tranche schedule of the call's rules, reporting
// requirements, and the commitment (IATI outgoing commitment) recorded by `awarded_by`.
// `terms` must have passed ValidateAward.
v1::Grant MakeGrant(const v1::Programme& programme, const v1::Call& call,
                    const v1::Application& application, const AwardTerms& terms,
                    const std::string& grant_name, const std::string& awarded_by, absl::Time now);

// A row of the grants at risk: `grant`'s recipient will not be accredited for `service_type` on
// the grant's last day (`answer`, the accreditation service's, for that day); nothing when it
// will be. The certificate fields are empty without a certificate.
std::optional<v1::GrantAtRisk> AtRiskRow(
    const v1::Grant& grant, const std::string& service_type,
    const accreditation::v1::CheckAccreditationResponse& answer);

// What every stored grant holds, whoever made it: an amount and an agreement number (at most 64
// characters); the violations name the grant's fields.
void ValidateGrant(const v1::Grant& grant, Violations* v);

// SCORED or RESERVE -> AWARDED, naming the grant made in the same write; refused
// (FAILED_PRECONDITION) for an application whose weighted score is below the call's threshold
// (`score_threshold_centi`, 0: none), a rule frozen at publication that applicants rely on.
records::Transition<v1::Application> AwardTransition(ProgrammeParties parties,
                                                     std::string grant_name,
                                                     int32_t score_threshold_centi = 0);
// SCORED -> RESERVE: above the threshold, beyond the envelope for now. A reason is required.
records::Transition<v1::Application> ReserveTransition(ProgrammeParties parties,
                                                       std::string reason);
// SCORED or RESERVE -> REJECTED. A reason is required.
records::Transition<v1::Application> RejectTransition(ProgrammeParties parties, std::string reason);

}  // namespace civitas::grants
