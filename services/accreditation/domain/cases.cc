#include "services/accreditation/domain/cases.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"
#include "services/accreditation/domain/standards.h"

namespace civitas::accreditation {
namespace {

constexpr v1::EligibilityCondition kConditions[] = {
    v1::LEGALLY_CONSTITUTED, v1::SERVICES_IN_FOUNDING_ACT, v1::FINANCIALLY_SUSTAINABLE,
    v1::QUALIFIED_STAFF, v1::APPLIES_QUALITY_STANDARDS};

const v1::ConditionVerdict* Find(const v1::AccreditationCase& c,
                                 v1::EligibilityCondition condition) {
  for (const auto& e : c.verdicts()) {
    if (e.condition() == condition) return &e;
  }
  return nullptr;
}

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

void ValidateCase(const v1::AccreditationCase& after, Violations* v) {
  aip::CheckNameOf<registry::v1::Organization>(after.provider(), "case.provider", true, v);
  if (!IsCountryCode(after.country())) {
    v->Add("case.country", "must be an ISO 3166-1 alpha-2 code in upper case, e.g. MD");
  }
  if (!v1::AccreditationKind_IsValid(after.kind()) ||
      after.kind() == v1::ACCREDITATION_KIND_UNSPECIFIED) {
    v->Add("case.kind", "must be INITIAL, PROVISIONAL or PERIODIC");
  }
  if (after.service_types().empty()) v->Add("case.service_types", "needs at least one");
  if (after.service_types_size() > 50) v->Add("case.service_types", "holds at most 50");
  std::set<std::string> types;
  for (int i = 0; i < after.service_types_size(); ++i) {
    const std::string& t = after.service_types(i);
    const std::string f = absl::StrCat("case.service_types[", i, "]");
    if (!IsServiceTypeCode(t)) {
      v->Add(f, "must be a service type code, e.g. day-care");
    } else if (!types.insert(t).second) {
      v->Add(f, absl::StrCat("'", t, "' is listed twice"));
    }
  }
  if (after.social_services_size() > 200) v->Add("case.social_services", "holds at most 200");
  std::set<std::string> services;
  for (int i = 0; i < after.social_services_size(); ++i) {
    const std::string f = absl::StrCat("case.social_services[", i, "]");
    aip::CheckNameOf<registry::v1::SocialService>(after.social_services(i), f, true, v);
    if (!services.insert(after.social_services(i)).second) v->Add(f, "is listed twice");
  }
  if (!after.renews().empty()) {
    aip::CheckNameOf<v1::Certificate>(after.renews(), "case.renews", true, v);
    if (after.kind() != v1::PERIODIC) {
      v->Add("case.renews", "only a PERIODIC case renews a certificate");
    }
  }
  std::set<int> conditions;
  for (int i = 0; i < after.eligibility_size(); ++i) {
    const v1::ConditionEvidence& e = after.eligibility(i);
    const std::string f = absl::StrCat("case.eligibility[", i, "]");
    if (!v1::EligibilityCondition_IsValid(e.condition()) ||
        e.condition() == v1::ELIGIBILITY_CONDITION_UNSPECIFIED) {
      v->Add(f + ".condition", "is not one of the five eligibility conditions");
    } else if (!conditions.insert(e.condition()).second) {
      v->Add(f + ".condition", "is listed twice");
    }
    aip::CheckText(e.evidence(), f + ".evidence", false, 8000, v);
    if (e.evidence_uris_size() > 20) v->Add(f + ".evidence_uris", "holds at most 20");
    for (int j = 0; j < e.evidence_uris_size(); ++j) {
      aip::CheckText(e.evidence_uris(j), absl::StrCat(f, ".evidence_uris[", j, "]"), true, 2000, v);
    }
  }
}

std::vector<std::string> UnmetConditions(const v1::AccreditationCase& c) {
  std::vector<std::string> out;
  for (v1::EligibilityCondition condition : kConditions) {
    const auto* e = Find(c, condition);
    if (e == nullptr || e->verdict() != v1::MET) {
      out.push_back(v1::EligibilityCondition_Name(condition));
    }
  }
  return out;
}

std::vector<std::string> FailedConditions(const v1::AccreditationCase& c) {
  std::vector<std::string> out;
  for (const auto& e : c.verdicts()) {
    if (e.verdict() == v1::NOT_MET) out.push_back(v1::EligibilityCondition_Name(e.condition()));
  }
  return out;
}

void ValidateVerdicts(const std::vector<v1::ConditionVerdict>& verdicts, Violations* v) {
  if (verdicts.empty()) v->Add("verdicts", "needs at least one verdict");
  std::set<int> seen;
  for (size_t i = 0; i < verdicts.size(); ++i) {
    const auto& e = verdicts[i];
    const std::string f = absl::StrCat("verdicts[", i, "]");
    if (!v1::EligibilityCondition_IsValid(e.condition()) ||
        e.condition() == v1::ELIGIBILITY_CONDITION_UNSPECIFIED) {
      v->Add(f + ".condition", "is not one of the five eligibility conditions");
    } else if (!seen.insert(e.condition()).second) {
      v->Add(f + ".condition", "is given twice");
    }
    if (e.verdict() != v1::MET && e.verdict() != v1::NOT_MET) {
      v->Add(f + ".verdict", "must be MET or NOT_MET");
    }
    aip::CheckText(e.note(), f + ".note", e.verdict() == v1::NOT_MET, 4000, v);
  }
}

void ValidateStandardScores(const v1::AccreditationCase& c, const PinnedStandards& pinned,
                            const google::protobuf::RepeatedPtrField<v1::StandardScores>& scores,
                            const std::string& field, Violations* v) {
  std::set<std::string> seen;
  for (int i = 0; i < scores.size(); ++i) {
    const v1::StandardScores& s = scores.Get(i);
    const std::string f = absl::StrCat(field, "[", i, "]");
    auto it = pinned.find(s.service_type());
    if (it == pinned.end() || !Contains(c.service_types(), s.service_type())) {
      v->Add(f + ".service_type",
             absl::StrCat("'", s.service_type(), "' is not a service type of ", c.name()));
      continue;
    }
    if (!seen.insert(s.service_type()).second) {
      v->Add(f + ".service_type", absl::StrCat("'", s.service_type(), "' is scored twice"));
      continue;
    }
    ValidateScores(it->second, s, f, v);
  }
  for (const std::string& t : c.service_types()) {
    if (!seen.contains(t)) {
      v->Add(field, absl::StrCat("service type '", t, "' is not scored"));
    }
  }
}

void ValidateEvaluation(const v1::AccreditationCase& c, const PinnedStandards& pinned,
                        const v1::ExternalEvaluation& e, absl::CivilDay opened,
                        absl::CivilDay today, Violations* v) {
  absl::CivilDay visit;
  if (!ParseDay(e.site_visit_date(), &visit)) {
    v->Add("site_visit_date", "must be a date, YYYY-MM-DD");
  } else if (visit > today) {
    v->Add("site_visit_date", absl::StrCat("is after today (", FormatDay(today), ")"));
  } else if (visit < opened) {
    v->Add("site_visit_date",
           absl::StrCat("is before the case was opened (", FormatDay(opened), ")"));
  }
  ValidateStandardScores(c, pinned, e.scores(), "scores", v);
  aip::CheckText(e.summary(), "summary", false, 8000, v);
  if (e.findings_size() > 500) v->Add("findings", "holds at most 500");
  std::set<std::string> ids;
  for (int i = 0; i < e.findings_size(); ++i) {
    const v1::Finding& f = e.findings(i);
    const std::string p = absl::StrCat("findings[", i, "]");
    if (!IsServiceTypeCode(f.id())) {
      v->Add(p + ".id", "must be a short code: lower-case letters, digits and '-'");
    } else if (!ids.insert(f.id()).second) {
      v->Add(p + ".id", absl::StrCat("'", f.id(), "' is used by an earlier finding"));
    }
    if (!v1::FindingSeverity_IsValid(f.severity()) ||
        f.severity() == v1::FINDING_SEVERITY_UNSPECIFIED) {
      v->Add(p + ".severity", "must be MINOR, MAJOR or CRITICAL");
    }
    aip::CheckText(f.description(), p + ".description", true, 4000, v);
    if (!f.service_type().empty() && !Contains(c.service_types(), f.service_type())) {
      v->Add(p + ".service_type",
             absl::StrCat("'", f.service_type(), "' is not a service type of ", c.name()));
    }
    if (!f.criterion().empty()) {
      bool known = false;
      for (const auto& [type, standard] : pinned) {
        if (!f.service_type().empty() && type != f.service_type()) continue;
        for (const auto& criterion : standard.criteria()) known |= criterion.id() == f.criterion();
      }
      if (!known) {
        v->Add(p + ".criterion",
               absl::StrCat("'", f.criterion(), "' is not a criterion of the pinned standards"));
      }
    }
  }
}

bool MeetsStandards(const v1::AccreditationCase& c, const PinnedStandards& pinned,
                    std::vector<std::string>* why) {
  for (const v1::StandardScores& s : c.evaluation().scores()) {
    auto it = pinned.find(s.service_type());
    if (it == pinned.end()) continue;
    const StandardResult r = Evaluate(it->second, s);
    if (r.score_centi_percent < it->second.pass_score_percent() * 100) {
      why->push_back(
          absl::StrCat(s.service_type(), ": weighted score ", r.score_centi_percent / 100, ".",
                       absl::StrFormat("%02d", r.score_centi_percent % 100),
                       "% is below the pass score of ", it->second.pass_score_percent(), "%"));
    }
    if (!r.failed_mandatory.empty()) {
      why->push_back(absl::StrCat(s.service_type(), ": mandatory criteria below their minimum: ",
                                  absl::StrJoin(r.failed_mandatory, ", ")));
    }
  }
  for (const v1::Finding& f : c.evaluation().findings()) {
    if (f.severity() == v1::MAJOR || f.severity() == v1::CRITICAL) {
      why->push_back(
          absl::StrCat("finding ", f.id(), " is ", v1::FindingSeverity_Name(f.severity())));
    }
  }
  return why->empty();
}

absl::Status CheckDecision(const v1::AccreditationCase& c, const PinnedStandards& pinned,
                           const DecisionRequest& request, const v1::CountryPolicy& policy,
                           absl::CivilDay today) {
  Violations v;
  const v1::DecisionOutcome outcome = request.outcome;
  if (!v1::DecisionOutcome_IsValid(outcome) || outcome == v1::DECISION_OUTCOME_UNSPECIFIED) {
    v.Add("outcome", "must be ACCREDIT, ACCREDIT_PROVISIONALLY or REFUSE");
    return v.ToStatus();
  }
  if (outcome != v1::ACCREDIT && request.reasons.empty()) {
    v.Add("reasons", absl::StrCat("are required to ",
                                  outcome == v1::REFUSE ? "refuse" : "accredit provisionally"));
  }
  if (request.reasons.size() > 50) v.Add("reasons", "holds at most 50");
  for (size_t i = 0; i < request.reasons.size(); ++i) {
    aip::CheckText(request.reasons[i], absl::StrCat("reasons[", i, "]"), true, 4000, &v);
  }
  if (outcome != v1::ACCREDIT_PROVISIONALLY && !request.corrective_actions.empty()) {
    v.Add("corrective_actions", "are set only with ACCREDIT_PROVISIONALLY");
  }
  if (c.state() == v1::CASE_INITIATION) {
    if (outcome != v1::REFUSE || FailedConditions(c).empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          c.name(),
          " is in CASE_INITIATION; from there a case is only refused, and only once an "
          "eligibility condition is found NOT_MET"));
    }
    return v.ToStatus();
  }
  if (c.state() != v1::CASE_DECISION) {
    return absl::FailedPreconditionError(
        absl::StrCat(c.name(), " is in ", v1::CaseState_Name(c.state()),
                     "; a decision is made in CASE_DECISION (after the external evaluation)"));
  }
  if (outcome == v1::ACCREDIT) {
    if (c.kind() == v1::PROVISIONAL) {
      return absl::FailedPreconditionError(absl::StrCat(
          c.name(), " is a PROVISIONAL case: it is accredited provisionally or refused"));
    }
    std::vector<std::string> why;
    if (!MeetsStandards(c, pinned, &why)) {
      return absl::FailedPreconditionError(
          absl::StrCat(c.name(), " cannot be accredited: ", absl::StrJoin(why, "; ")));
    }
  }
  if (outcome == v1::ACCREDIT_PROVISIONALLY) {
    for (const v1::Finding& f : c.evaluation().findings()) {
      if (f.severity() == v1::CRITICAL) {
        return absl::FailedPreconditionError(
            absl::StrCat(c.name(), " has the CRITICAL finding ", f.id(),
                         "; it cannot be accredited, even provisionally"));
      }
    }
    if (request.corrective_actions.empty()) {
      v.Add("corrective_actions", "needs at least one corrective action with its deadline");
    }
    const absl::CivilDay latest = AddMonths(today, policy.provisional_validity_months()) - 1;
    std::set<std::string> ids;
    std::set<std::string> corrected;
    for (size_t i = 0; i < request.corrective_actions.size(); ++i) {
      const v1::CorrectiveAction& a = request.corrective_actions[i];
      const std::string f = absl::StrCat("corrective_actions[", i, "]");
      if (!IsServiceTypeCode(a.id())) {
        v.Add(f + ".id", "must be a short code: lower-case letters, digits and '-'");
      } else if (!ids.insert(a.id()).second) {
        v.Add(f + ".id", absl::StrCat("'", a.id(), "' is used by an earlier action"));
      }
      aip::CheckText(a.description(), f + ".description", true, 4000, &v);
      absl::CivilDay deadline;
      if (!ParseDay(a.deadline(), &deadline)) {
        v.Add(f + ".deadline", "must be a date, YYYY-MM-DD");
      } else if (deadline <= today) {
        v.Add(f + ".deadline", absl::StrCat("must be after today (", FormatDay(today), ")"));
      } else if (deadline > latest) {
        v.Add(f + ".deadline", absl::StrCat("is after ", FormatDay(latest),
                                            ", the end of a provisional "
                                            "accreditation of ",
                                            policy.provisional_validity_months(), " months"));
      }
      if (!a.finding().empty()) {
        bool known = false;
        for (const auto& finding : c.evaluation().findings()) known |= finding.id() == a.finding();
        if (!known) {
          v.Add(f + ".finding", absl::StrCat("'", a.finding(), "' is not a finding of ", c.name()));
        }
        corrected.insert(a.finding());
      }
    }
    for (const v1::Finding& finding : c.evaluation().findings()) {
      if (finding.severity() == v1::MAJOR && !corrected.contains(finding.id())) {
        v.Add("corrective_actions",
              absl::StrCat("the MAJOR finding ", finding.id(), " has no corrective action"));
      }
    }
  }
  return v.ToStatus();
}

v1::AccreditationKind CertificateKind(const v1::AccreditationCase& c, v1::DecisionOutcome outcome) {
  if (outcome == v1::ACCREDIT_PROVISIONALLY || c.kind() == v1::PROVISIONAL) return v1::PROVISIONAL;
  return c.kind();
}

void CheckCompletionDate(const std::string& completed_date, absl::CivilDay* day, Violations* v) {
  if (!completed_date.empty() && !ParseDay(completed_date, day)) {
    v->Add("completed_date", "must be a date, YYYY-MM-DD");
  }
}

void CheckCaseSocialService(const v1::AccreditationCase& c, int index,
                            const registry::v1::SocialService& service, Violations* v) {
  const std::string field = absl::StrCat("case.social_services[", index, "]");
  const std::string& listed = c.social_services(index);
  if (service.provider() != c.provider()) {
    v->Add(field,
           absl::StrCat(listed, " is provided by ", service.provider(), ", not ", c.provider()));
  }
  if (std::find(c.service_types().begin(), c.service_types().end(), service.service_type()) ==
      c.service_types().end()) {
    v->Add(field, absl::StrCat(listed, " is of service type '", service.service_type(),
                               "', not one of the case's"));
  }
}

void CheckRenewedCertificate(const v1::AccreditationCase& c, const v1::Certificate* renewed,
                             Violations* v) {
  if (renewed == nullptr) {
    v->Add("case.renews", absl::StrCat(c.renews(), " does not exist"));
  } else if (renewed->provider() != c.provider()) {
    v->Add("case.renews",
           absl::StrCat(c.renews(), " is ", renewed->provider(), "'s, not ", c.provider(), "'s"));
  }
}

std::vector<v1::CorrectiveAction> OverdueActionsOf(const v1::AccreditationCase& c,
                                                   absl::CivilDay today) {
  std::vector<v1::CorrectiveAction> out;
  for (const auto& a : c.corrective_actions()) {
    if (a.state() == v1::ACTION_OPEN && StoredDay(a.deadline()) < today) out.push_back(a);
  }
  return out;
}

void RecordCaseEdit(const v1::AccreditationCase& before, v1::AccreditationCase* after,
                    const std::string& actor, absl::Time now) {
  // Evidence by condition, as a comparable text.
  auto evidence = [](const v1::AccreditationCase& c) {
    std::map<int, std::string> out;
    for (const v1::ConditionEvidence& e : c.eligibility()) {
      std::string& text = out[static_cast<int>(e.condition())];
      absl::StrAppend(&text, e.evidence(), "\n");
      for (const std::string& uri : e.evidence_uris()) absl::StrAppend(&text, uri, "\n");
    }
    return out;
  };
  const std::map<int, std::string> was = evidence(before);
  const std::map<int, std::string> now_is = evidence(*after);
  std::set<int> changed_conditions;
  for (const auto& [condition, text] : now_is) {
    auto it = was.find(condition);
    if (it == was.end() || it->second != text) changed_conditions.insert(condition);
  }
  for (const auto& [condition, text] : was) {
    if (!now_is.contains(condition)) changed_conditions.insert(condition);
  }
  std::vector<std::string> changes;
  if (!changed_conditions.empty()) {
    std::vector<std::string> names;
    for (int c : changed_conditions) {
      names.push_back(v1::EligibilityCondition_Name(static_cast<v1::EligibilityCondition>(c)));
    }
    changes.push_back(absl::StrCat("eligibility (", absl::StrJoin(names, ", "), ")"));
  }
  auto same_list = [](const auto& a, const auto& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  };
  if (!same_list(before.service_types(), after->service_types())) {
    changes.push_back("service_types");
  }
  if (!same_list(before.social_services(), after->social_services())) {
    changes.push_back("social_services");
  }
  if (before.kind() != after->kind()) changes.push_back("kind");
  if (before.renews() != after->renews()) changes.push_back("renews");
  if (changes.empty()) return;
  std::string note = absl::StrCat("edited ", absl::StrJoin(changes, ", "));
  // A verdict judged evidence that is no longer there.
  std::vector<std::string> cleared;
  auto* verdicts = after->mutable_verdicts();
  for (auto it = verdicts->begin(); it != verdicts->end();) {
    if (changed_conditions.contains(static_cast<int>(it->condition()))) {
      cleared.push_back(v1::EligibilityCondition_Name(it->condition()));
      it = verdicts->erase(it);
    } else {
      ++it;
    }
  }
  if (!cleared.empty()) {
    absl::StrAppend(&note, "; verdicts cleared: ", absl::StrJoin(cleared, ", "));
  }
  v1::CaseEvent* e = after->add_history();
  e->set_state(after->state());
  e->set_actor(actor);
  *e->mutable_time() = ToTimestamp(now);
  e->set_note(note);
}

}  // namespace civitas::accreditation
