// The procedure's steps as transitions of an AccreditationCase (libs/records): which stage each
// starts from, who may take it, what it changes. Each appends to the case's history (who, when,
// why). Pure: the use cases pass the pinned standards, the policy and the clock.
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/records/transition.h"
#include "services/accreditation/domain/cases.h"

namespace civitas::accreditation {

using CaseTransition = records::Transition<v1::AccreditationCase>;

// CASE_INITIATION, the body: records verdicts on the conditions named.
CaseTransition RecordVerdictsTransition(std::vector<v1::ConditionVerdict> verdicts,
                                        std::string actor, absl::Time now);

// CASE_INITIATION -> CASE_SELF_ASSESSMENT, the body, once all five conditions are MET: pins the
// standard version in force for each service type (`pinned`: one per service type).
CaseTransition StartSelfAssessmentTransition(PinnedStandards pinned, std::string actor,
                                             std::string note, absl::Time now);

// CASE_SELF_ASSESSMENT -> CASE_EXTERNAL_EVALUATION, the provider's people.
CaseTransition SubmitSelfAssessmentTransition(PinnedStandards pinned,
                                              std::vector<v1::StandardScores> scores,
                                              std::string actor, absl::Time now);

// CASE_EXTERNAL_EVALUATION (stage kept), the body: the assessor who evaluates.
CaseTransition AssignAssessorTransition(std::string assessor, std::string actor, absl::Time now);

// CASE_EXTERNAL_EVALUATION -> CASE_DECISION, the assigned assessor.
CaseTransition SubmitEvaluationTransition(PinnedStandards pinned, v1::ExternalEvaluation evaluation,
                                          std::string actor, absl::Time now);

// CASE_DECISION (or CASE_INITIATION to refuse) -> CASE_DECIDED, the body. `certificate` is the
// name of the certificate the decision issues (empty for a refusal).
CaseTransition DecideTransition(PinnedStandards pinned, DecisionRequest request,
                                v1::CountryPolicy policy, std::string certificate,
                                std::string actor, absl::Time now);

// CASE_DECIDED (stage kept), the body: an open corrective action confirmed done.
CaseTransition CompleteCorrectiveActionTransition(std::string action, absl::CivilDay completed,
                                                  std::string note, std::string actor,
                                                  absl::Time now);

// Any stage before the decision -> CASE_WITHDRAWN, the provider's people, with a reason.
CaseTransition WithdrawCaseTransition(std::string reason, std::string actor, absl::Time now);

// The standard versions a case pinned, by service type, from its self-assessment entries.
std::vector<std::string> PinnedStandardNames(const v1::AccreditationCase& c);

}  // namespace civitas::accreditation
