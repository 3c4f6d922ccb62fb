#include "services/advocacy/domain/planning_cycles.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/resources.pb.h"
#include "google/protobuf/util/time_util.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "services/advocacy/domain/evidence.h"
#include "services/advocacy/domain/record_checks.h"

namespace civitas::advocacy {
namespace {

constexpr size_t kCycleNameLength = 300;
constexpr size_t kNeedDescriptionLength = 5000;
constexpr size_t kSessionPlaceLength = 300;
constexpr size_t kStageSourceLength = 1000;
constexpr int kMaxPartners = 50;
constexpr int kMaxSessions = 50;
constexpr int kMaxNeedIndicators = 10;
constexpr int kMaxNeedDocuments = 20;
constexpr int kMaxSurveys = 20;
constexpr int64_t kMaxPeopleInNeed = 10'000'000;

void CheckCycleOrganizations(const google::protobuf::RepeatedPtrField<std::string>& names, int max,
                             const std::string& field, Violations* v) {
  if (names.size() > max) v->Add(field, absl::StrCat("must hold at most ", max, " organisations"));
  std::set<std::string> seen;
  for (int i = 0; i < names.size(); ++i) {
    const std::string item = absl::StrCat(field, "[", i, "]");
    aip::CheckNameOf<registry::v1::Organization>(names[i], item, true, v);
    if (!seen.insert(names[i]).second) v->Add(item, "is listed twice");
  }
}

}  // namespace

void ValidatePlanningCycle(const v1::PlanningCycle& c, Violations* v) {
  aip::CheckLocalizedText(c.display_name(), "planning_cycle.display_name", true, kCycleNameLength,
                          v);
  aip::CheckNameOf<registry::v1::Territory>(c.territory(), "planning_cycle.territory", true, v);
  aip::CheckNameOf<registry::v1::Organization>(c.municipality(), "planning_cycle.municipality",
                                               true, v);
  CheckCycleOrganizations(c.partners(), kMaxPartners, "planning_cycle.partners", v);
  for (int i = 0; i < c.partners_size(); ++i) {
    if (c.partners(i) == c.municipality()) {
      v->Add(absl::StrCat("planning_cycle.partners[", i, "]"),
             "is the cycle's municipality, which runs it already");
    }
  }
  aip::CheckDate(c.period_start_date(), "planning_cycle.period_start_date", true, v);
  aip::CheckDate(c.period_end_date(), "planning_cycle.period_end_date", true, v);
  aip::CheckDateRange(c.period_start_date(), c.period_end_date(),
                      "planning_cycle.period_start_date", "planning_cycle.period_end_date", v);
  if (c.sessions_size() > kMaxSessions) {
    v->Add("planning_cycle.sessions", absl::StrCat("must hold at most ", kMaxSessions));
  }
  for (int i = 0; i < c.sessions_size(); ++i) {
    const std::string f = absl::StrCat("planning_cycle.sessions[", i, "]");
    aip::CheckDate(c.sessions(i).date(), f + ".date", true, v);
    aip::CheckLocalizedText(c.sessions(i).title(), f + ".title", true, kCycleNameLength, v);
    aip::CheckText(c.sessions(i).place(), f + ".place", false, kSessionPlaceLength, v);
  }
}

bool RunsCycle(const Principal& p, const v1::PlanningCycle& cycle) {
  return p.HasRole(kRoleAdmin) ||
         (!p.organization.empty() && p.organization == cycle.municipality());
}

absl::Status AuthorizeCycleChange(const Principal& p, const v1::PlanningCycle& cycle) {
  if (RunsCycle(p, cycle)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      "only the staff of the cycle's municipality (", cycle.municipality(),
      ") or an admin may run ", cycle.name().empty() ? "a planning cycle" : cycle.name()));
}

void StartCycle(const std::string& actor, absl::Time now, v1::PlanningCycle* cycle) {
  cycle->clear_stage_history();
  v1::PlanningStageChange& first = *cycle->add_stage_history();
  first.set_state(v1::CYCLE_ANALYSIS);
  first.set_actor(actor);
  *first.mutable_time() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(now));
}

v1::PlanningCycleState NextCycleState(v1::PlanningCycleState state) {
  switch (state) {
    case v1::CYCLE_ANALYSIS:
      return v1::CYCLE_PRIORITISATION;
    case v1::CYCLE_PRIORITISATION:
      return v1::CYCLE_ACTION_PLANNING;
    case v1::CYCLE_ACTION_PLANNING:
      return v1::CYCLE_ADOPTED;
    default:
      return v1::PLANNING_CYCLE_STATE_UNSPECIFIED;
  }
}

records::Transition<v1::PlanningCycle> AdvanceCycleTransition(v1::PlanningCycleState state,
                                                              const std::string& source,
                                                              const std::string& actor,
                                                              absl::Time now) {
  records::Transition<v1::PlanningCycle> t;
  t.event = "advanced";
  t.from = {v1::CYCLE_ANALYSIS, v1::CYCLE_PRIORITISATION, v1::CYCLE_ACTION_PLANNING};
  if (state == v1::CYCLE_PRIORITISATION || state == v1::CYCLE_ACTION_PLANNING ||
      state == v1::CYCLE_ADOPTED) {
    t.to = state;
  }
  t.authorize = [](const Principal& p, const v1::PlanningCycle& before) {
    return AuthorizeCycleChange(p, before);
  };
  t.effect = [=](v1::PlanningCycle& cycle) -> absl::Status {
    const v1::PlanningCycleState next = NextCycleState(cycle.state());
    if (state != next) {
      return absl::FailedPreconditionError(
          absl::StrCat(cycle.name(), " is at ", v1::PlanningCycleState_Name(cycle.state()),
                       "; the next stage is ", v1::PlanningCycleState_Name(next), ", not ",
                       v1::PlanningCycleState_IsValid(static_cast<int>(state))
                           ? v1::PlanningCycleState_Name(state)
                           : absl::StrCat(static_cast<int>(state))));
    }
    Violations v;
    if (state == v1::CYCLE_ADOPTED) {
      CheckStatement(source, "source", kStageSourceLength, &v);
    } else {
      aip::CheckText(source, "source", false, kStageSourceLength, &v);
    }
    if (!v.empty()) return v.ToStatus();
    v1::PlanningStageChange& change = *cycle.add_stage_history();
    change.set_state(state);
    change.set_source(source);
    change.set_actor(actor);
    *change.mutable_time() =
        google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(now));
    return absl::OkStatus();
  };
  return t;
}

void ValidateNeed(const v1::Need& n, Violations* v) {
  aip::CheckNameOf<v1::PlanningCycle>(n.cycle(), "need.cycle", true, v);
  aip::CheckEnum(n.target_group(), registry::v1::TargetGroup_descriptor(), {}, "need.target_group",
                 v);
  aip::CheckLocalizedText(n.title(), "need.title", true, kCycleNameLength, v);
  aip::CheckLocalizedText(n.description(), "need.description", false, kNeedDescriptionLength, v);
  if (n.people_affected() < 0 || n.people_affected() > kMaxPeopleInNeed) {
    v->Add("need.people_affected", absl::StrCat("must be 0..", kMaxPeopleInNeed));
  }
  if (n.indicators_size() > kMaxNeedIndicators) {
    v->Add("need.indicators", absl::StrCat("must hold at most ", kMaxNeedIndicators));
  }
  for (int i = 0; i < n.indicators_size(); ++i) {
    ValidateCitationAs(n.indicators(i), absl::StrCat("need.indicators[", i, "]"), v);
  }
  if (n.documents_size() > kMaxNeedDocuments) {
    v->Add("need.documents", absl::StrCat("must hold at most ", kMaxNeedDocuments));
  }
  for (int i = 0; i < n.documents_size(); ++i) {
    const std::string f = absl::StrCat("need.documents[", i, "]");
    CheckStatement(n.documents(i).title(), f + ".title", kCycleNameLength, v);
    CheckWebAddress(n.documents(i).uri(), f + ".uri", v);
  }
  if (n.surveys_size() > kMaxSurveys) {
    v->Add("need.surveys", absl::StrCat("must hold at most ", kMaxSurveys));
  }
  for (int i = 0; i < n.surveys_size(); ++i) {
    const v1::SurveyFinding& s = n.surveys(i);
    const std::string f = absl::StrCat("need.surveys[", i, "]");
    CheckStatement(s.question(), f + ".question", kCycleNameLength, v);
    if (s.respondents() < 1 || s.respondents() > kMaxPeopleInNeed) {
      v->Add(f + ".respondents", absl::StrCat("must be 1..", kMaxPeopleInNeed));
    } else if (s.affirmative() < 0 || s.affirmative() > s.respondents()) {
      v->Add(f + ".affirmative", absl::StrCat("must be 0..respondents (", s.respondents(), ")"));
    }
  }
}

absl::Status AuthorizeNeedChange(const Principal& p, const v1::PlanningCycle& cycle) {
  if (RunsCycle(p, cycle) ||
      (!p.organization.empty() && std::find(cycle.partners().begin(), cycle.partners().end(),
                                            p.organization) != cycle.partners().end())) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("only the staff of ", cycle.name(), "'s municipality (", cycle.municipality(),
                   "), its partners or an admin may record its needs"));
}

}  // namespace civitas::advocacy
