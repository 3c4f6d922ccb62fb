// Accreditation cases: field rules, the five eligibility conditions, the checks of the
// self-assessment and external evaluation against the pinned standards, and the rules a
// decision must keep. Pure: callers pass the standards (pinned versions) and the policy.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/common/field_violations.h"

namespace civitas::accreditation {

// Pinned standard versions by service type code.
using PinnedStandards = std::map<std::string, v1::QualityStandard>;

// Field rules of a case as the provider writes it (create and update): provider, country, kind,
// service types, social services, renews (periodic cases only), evidence per condition.
void ValidateCase(const v1::AccreditationCase& c, Violations* v);

// The social service the case names at `index`, as the registry has it (`service`): provided by
// the case's provider and of one of the case's service types. Violations under
// `case.social_services[index]` name the service as the case lists it.
void CheckCaseSocialService(const v1::AccreditationCase& c, int index,
                            const registry::v1::SocialService& service, Violations* v);

// The certificate a periodic case renews, as read (null: it does not exist): the provider's own.
// Violations under `case.renews`.
void CheckRenewedCertificate(const v1::AccreditationCase& c, const v1::Certificate* renewed,
                             Violations* v);

// An edit of a case in initiation, recorded in the case itself: a history entry naming who
// changed which fields (and, for evidence, which conditions), and the body's verdicts on
// conditions whose evidence changed cleared, so no verdict stands on evidence nobody judged.
void RecordCaseEdit(const v1::AccreditationCase& before, v1::AccreditationCase* after,
                    const std::string& actor, absl::Time now);

// The conditions without a MET verdict, by enum name, in enum order (empty: all five are met).
std::vector<std::string> UnmetConditions(const v1::AccreditationCase& c);
// The conditions with a NOT_MET verdict.
std::vector<std::string> FailedConditions(const v1::AccreditationCase& c);

// Verdicts: each MET or NOT_MET, a known condition at most once, a note for NOT_MET.
void ValidateVerdicts(const std::vector<v1::ConditionVerdict>& verdicts, Violations* v);

// One StandardScores per service type of the case, each scoring every criterion of its pinned
// version; `field` names the list (e.g. `self_assessment`).
void ValidateStandardScores(const v1::AccreditationCase& c, const PinnedStandards& pinned,
                            const google::protobuf::RepeatedPtrField<v1::StandardScores>& scores,
                            const std::string& field, Violations* v);

// The external evaluation: scores as above, site visit not after `today` and not before the
// case was opened (`opened`), findings with unique ids, a severity, a description, and a known
// service type and criterion when named.
void ValidateEvaluation(const v1::AccreditationCase& c, const PinnedStandards& pinned,
                        const v1::ExternalEvaluation& evaluation, absl::CivilDay opened,
                        absl::CivilDay today, Violations* v);

struct DecisionRequest {
  v1::DecisionOutcome outcome = v1::DECISION_OUTCOME_UNSPECIFIED;
  std::vector<std::string> reasons;
  std::vector<v1::CorrectiveAction> corrective_actions;
};

// Whether the case's evaluation meets every pinned standard; `why` lists what does not (the
// weighted score below the pass score, mandatory criteria below their minimum, major or critical
// findings).
bool MeetsStandards(const v1::AccreditationCase& c, const PinnedStandards& pinned,
                    std::vector<std::string>* why);

// The rules of a decision, given the case as it stands:
//   - from CASE_DECISION any outcome; from CASE_INITIATION only REFUSE, and only with a
//     condition found NOT_MET (else FAILED_PRECONDITION naming the stage);
//   - ACCREDIT: the evaluation meets every pinned standard and no finding is major or critical;
//     a PROVISIONAL case is accredited provisionally or refused;
//   - ACCREDIT_PROVISIONALLY: no critical finding; at least one corrective action, every major
//     finding corrected by one; deadlines after today and within the provisional months;
//   - REFUSE and ACCREDIT_PROVISIONALLY need reasons.
// INVALID_ARGUMENT names the request's fields; FAILED_PRECONDITION names what the case lacks.
absl::Status CheckDecision(const v1::AccreditationCase& c, const PinnedStandards& pinned,
                           const DecisionRequest& request, const v1::CountryPolicy& policy,
                           absl::CivilDay today);

// The certificate's kind a decision issues: PROVISIONAL for a provisional accreditation (or a
// provisional case), else the case's kind.
v1::AccreditationKind CertificateKind(const v1::AccreditationCase& c, v1::DecisionOutcome outcome);

// The day a corrective action was completed: `completed_date` when given (`YYYY-MM-DD`, else a
// violation under `completed_date`), `*day` (today) otherwise.
void CheckCompletionDate(const std::string& completed_date, absl::CivilDay* day, Violations* v);

// Open corrective actions whose deadline is before `today`.
std::vector<v1::CorrectiveAction> OverdueActionsOf(const v1::AccreditationCase& c,
                                                   absl::CivilDay today);

}  // namespace civitas::accreditation
