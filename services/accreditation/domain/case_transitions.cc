#include "services/accreditation/domain/case_transitions.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/aip/field_checks.h"
#include "libs/common/calendar.h"
#include "services/accreditation/domain/access_policy.h"

namespace civitas::accreditation {
namespace {

void Record(v1::AccreditationCase& c, v1::CaseState state, const std::string& actor, absl::Time now,
            const std::string& note) {
  v1::CaseEvent* e = c.add_history();
  e->set_state(state);
  e->set_actor(actor);
  *e->mutable_time() = ToTimestamp(now);
  e->set_note(note);
}

std::function<absl::Status(const Principal&, const v1::AccreditationCase&)> Body(std::string what) {
  return [what = std::move(what)](const Principal& p, const v1::AccreditationCase&) {
    return AuthorizeAccreditingBody(p, what);
  };
}

// The pinned versions, in the case's service type order, with the scores given for each.
google::protobuf::RepeatedPtrField<v1::StandardScores> Pinned(
    const v1::AccreditationCase& c, const PinnedStandards& pinned,
    const std::vector<v1::StandardScores>& scores) {
  google::protobuf::RepeatedPtrField<v1::StandardScores> out;
  for (const std::string& type : c.service_types()) {
    v1::StandardScores* s = out.Add();
    s->set_service_type(type);
    if (auto it = pinned.find(type); it != pinned.end()) s->set_standard(it->second.name());
    for (const auto& given : scores) {
      if (given.service_type() == type) *s->mutable_scores() = given.scores();
    }
  }
  return out;
}

}  // namespace

CaseTransition RecordVerdictsTransition(std::vector<v1::ConditionVerdict> verdicts,
                                        std::string actor, absl::Time now) {
  CaseTransition t;
  t.event = "eligibility_recorded";
  t.from = {v1::CASE_INITIATION};
  t.authorize = Body("recording eligibility verdicts");
  t.validate = [verdicts](const v1::AccreditationCase&, const v1::AccreditationCase&,
                          Violations* v) { ValidateVerdicts(verdicts, v); };
  t.effect = [verdicts = std::move(verdicts), actor = std::move(actor),
              now](v1::AccreditationCase& c) {
    std::vector<std::string> recorded;
    for (v1::ConditionVerdict given : verdicts) {
      given.set_actor(actor);
      *given.mutable_time() = ToTimestamp(now);
      auto* stored = c.mutable_verdicts();
      auto same = std::find_if(stored->begin(), stored->end(),
                               [&](const auto& e) { return e.condition() == given.condition(); });
      if (same != stored->end()) {
        *same = given;
      } else {
        *stored->Add() = given;
      }
      recorded.push_back(absl::StrCat(v1::EligibilityCondition_Name(given.condition()), " ",
                                      v1::Verdict_Name(given.verdict())));
    }
    Record(c, c.state(), actor, now, absl::StrJoin(recorded, ", "));
    return absl::OkStatus();
  };
  return t;
}

CaseTransition StartSelfAssessmentTransition(PinnedStandards pinned, std::string actor,
                                             std::string note, absl::Time now) {
  CaseTransition t;
  t.event = "self_assessment_started";
  t.from = {v1::CASE_INITIATION};
  t.to = v1::CASE_SELF_ASSESSMENT;
  t.authorize = Body("starting the self-assessment");
  t.effect = [pinned = std::move(pinned), actor = std::move(actor), note = std::move(note),
              now](v1::AccreditationCase& c) {
    if (std::vector<std::string> unmet = UnmetConditions(c); !unmet.empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat(c.name(),
                       ": the self-assessment starts once all five eligibility "
                       "conditions are MET; not yet: ",
                       absl::StrJoin(unmet, ", ")));
    }
    for (const std::string& type : c.service_types()) {
      if (!pinned.contains(type)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "no published quality standard for ", c.country(), " / ", type, " is in force"));
      }
    }
    *c.mutable_self_assessment() = Pinned(c, pinned, {});
    Record(c, v1::CASE_SELF_ASSESSMENT, actor, now, note);
    return absl::OkStatus();
  };
  return t;
}

CaseTransition SubmitSelfAssessmentTransition(PinnedStandards pinned,
                                              std::vector<v1::StandardScores> scores,
                                              std::string actor, absl::Time now) {
  CaseTransition t;
  t.event = "self_assessment_submitted";
  t.from = {v1::CASE_SELF_ASSESSMENT};
  t.to = v1::CASE_EXTERNAL_EVALUATION;
  t.authorize = [](const Principal& p, const v1::AccreditationCase& c) {
    return AuthorizeProvider(p, c, "submitting the self-assessment");
  };
  t.validate = [pinned, scores](const v1::AccreditationCase& before, const v1::AccreditationCase&,
                                Violations* v) {
    google::protobuf::RepeatedPtrField<v1::StandardScores> given(scores.begin(), scores.end());
    ValidateStandardScores(before, pinned, given, "self_assessment", v);
  };
  t.effect = [pinned, scores = std::move(scores), actor = std::move(actor),
              now](v1::AccreditationCase& c) {
    *c.mutable_self_assessment() = Pinned(c, pinned, scores);
    Record(c, v1::CASE_EXTERNAL_EVALUATION, actor, now, "self-assessment submitted");
    return absl::OkStatus();
  };
  return t;
}

CaseTransition AssignAssessorTransition(std::string assessor, std::string actor, absl::Time now) {
  CaseTransition t;
  t.event = "assessor_assigned";
  t.from = {v1::CASE_EXTERNAL_EVALUATION};
  t.authorize = Body("assigning assessors");
  t.validate = [assessor](const v1::AccreditationCase&, const v1::AccreditationCase&,
                          Violations* v) { aip::CheckText(assessor, "assessor", true, 200, v); };
  t.effect = [assessor = std::move(assessor), actor = std::move(actor),
              now](v1::AccreditationCase& c) {
    const std::string previous = c.evaluation().assessor();
    c.mutable_evaluation()->set_assessor(assessor);
    Record(c, c.state(), actor, now,
           previous.empty() ? absl::StrCat("assessor ", assessor, " assigned")
                            : absl::StrCat("assessor ", assessor, " replaces ", previous));
    return absl::OkStatus();
  };
  return t;
}

CaseTransition SubmitEvaluationTransition(PinnedStandards pinned, v1::ExternalEvaluation evaluation,
                                          std::string actor, absl::Time now) {
  CaseTransition t;
  t.event = "evaluation_submitted";
  t.from = {v1::CASE_EXTERNAL_EVALUATION};
  t.to = v1::CASE_DECISION;
  t.authorize = AuthorizeAssignedAssessor;
  t.validate = [pinned, evaluation, now](const v1::AccreditationCase& before,
                                         const v1::AccreditationCase&, Violations* v) {
    absl::CivilDay opened =
        absl::ToCivilDay(FromTimestamp(before.create_time()), absl::UTCTimeZone());
    ValidateEvaluation(before, pinned, evaluation, opened,
                       absl::ToCivilDay(now, absl::UTCTimeZone()), v);
  };
  t.effect = [pinned, evaluation = std::move(evaluation), actor = std::move(actor),
              now](v1::AccreditationCase& c) {
    v1::ExternalEvaluation* e = c.mutable_evaluation();
    const std::string assessor = e->assessor();
    *e = evaluation;
    e->set_assessor(assessor);
    std::vector<v1::StandardScores> scores(evaluation.scores().begin(), evaluation.scores().end());
    *e->mutable_scores() = Pinned(c, pinned, scores);
    *e->mutable_submit_time() = ToTimestamp(now);
    Record(c, v1::CASE_DECISION, actor, now,
           absl::StrCat("site visit ", evaluation.site_visit_date(), ", ",
                        evaluation.findings_size(), " finding(s)"));
    return absl::OkStatus();
  };
  return t;
}

CaseTransition DecideTransition(PinnedStandards pinned, DecisionRequest request,
                                v1::CountryPolicy policy, std::string certificate,
                                std::string actor, absl::Time now) {
  CaseTransition t;
  t.event = "decided";
  t.from = {v1::CASE_DECISION, v1::CASE_INITIATION};
  t.to = v1::CASE_DECIDED;
  t.authorize = Body("deciding accreditation cases");
  t.effect = [pinned = std::move(pinned), request = std::move(request), policy = std::move(policy),
              certificate = std::move(certificate), actor = std::move(actor),
              now](v1::AccreditationCase& c) {
    const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
    if (absl::Status s = CheckDecision(c, pinned, request, policy, today); !s.ok()) return s;
    v1::Decision* d = c.mutable_decision();
    d->set_outcome(request.outcome);
    d->mutable_reasons()->Assign(request.reasons.begin(), request.reasons.end());
    d->set_certificate(certificate);
    d->set_decided_by(actor);
    *d->mutable_decide_time() = ToTimestamp(now);
    for (v1::CorrectiveAction a : request.corrective_actions) {
      a.set_state(v1::ACTION_OPEN);
      a.clear_completed_date();
      a.clear_completion_note();
      *c.add_corrective_actions() = std::move(a);
    }
    Record(c, v1::CASE_DECIDED, actor, now,
           absl::StrCat(v1::DecisionOutcome_Name(request.outcome),
                        certificate.empty() ? "" : absl::StrCat(": ", certificate)));
    return absl::OkStatus();
  };
  return t;
}

CaseTransition CompleteCorrectiveActionTransition(std::string action, absl::CivilDay completed,
                                                  std::string note, std::string actor,
                                                  absl::Time now) {
  CaseTransition t;
  t.event = "corrective_action_completed";
  t.from = {v1::CASE_DECIDED};
  t.authorize = Body("confirming corrective actions");
  t.validate = [note](const v1::AccreditationCase&, const v1::AccreditationCase&, Violations* v) {
    aip::CheckText(note, "note", false, 4000, v);
  };
  t.effect = [action = std::move(action), completed, note = std::move(note),
              actor = std::move(actor), now](v1::AccreditationCase& c) {
    const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
    if (completed > today) {
      return absl::InvalidArgumentError(
          absl::StrCat("completed_date: is after today (", FormatDay(today), ")"));
    }
    for (auto& a : *c.mutable_corrective_actions()) {
      if (a.id() != action) continue;
      if (a.state() == v1::ACTION_DONE) {
        return absl::FailedPreconditionError(absl::StrCat(
            "corrective action ", action, " of ", c.name(), " was done on ", a.completed_date()));
      }
      a.set_state(v1::ACTION_DONE);
      a.set_completed_date(FormatDay(completed));
      a.set_completion_note(note);
      Record(c, c.state(), actor, now, absl::StrCat("corrective action ", action, " done"));
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError(
        absl::StrCat("action: '", action, "' is not a corrective action of ", c.name()));
  };
  return t;
}

CaseTransition WithdrawCaseTransition(std::string reason, std::string actor, absl::Time now) {
  CaseTransition t;
  t.event = "withdrawn";
  t.from = {v1::CASE_INITIATION, v1::CASE_SELF_ASSESSMENT, v1::CASE_EXTERNAL_EVALUATION,
            v1::CASE_DECISION};
  t.to = v1::CASE_WITHDRAWN;
  t.authorize = [](const Principal& p, const v1::AccreditationCase& c) {
    return AuthorizeProvider(p, c, "withdrawing a case");
  };
  t.validate = [reason](const v1::AccreditationCase&, const v1::AccreditationCase&, Violations* v) {
    aip::CheckText(reason, "reason", true, 4000, v);
  };
  t.effect = [reason = std::move(reason), actor = std::move(actor), now](v1::AccreditationCase& c) {
    Record(c, v1::CASE_WITHDRAWN, actor, now, reason);
    return absl::OkStatus();
  };
  return t;
}

std::vector<std::string> PinnedStandardNames(const v1::AccreditationCase& c) {
  std::vector<std::string> out;
  for (const auto& s : c.self_assessment()) {
    if (!s.standard().empty()) out.push_back(s.standard());
  }
  return out;
}

}  // namespace civitas::accreditation
