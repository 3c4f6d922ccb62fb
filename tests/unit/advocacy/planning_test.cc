// Participatory planning's pure rules: a cycle's stages and what each needs, who runs a cycle and
// who records its needs, field checks naming the field, votes and their tallies (each person once
// per need, the last score counting), ranks, and a plan action's states and what may change once
// the plan is adopted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/common/id_generator.h"
#include "services/advocacy/domain/plan_actions.h"
#include "services/advocacy/domain/planning_cycles.h"
#include "services/advocacy/domain/prioritisation.h"

namespace civitas::advocacy {
namespace {

using ::testing::HasSubstr;

std::string Fields(const Violations& v) {
  std::string out;
  for (const FieldViolation& f : v.items()) out += f.field + ": " + f.description + "\n";
  return out;
}

Principal Acting(const std::string& organization, const std::string& role = kRoleCso) {
  Principal p;
  p.subject = "someone@" + organization;
  p.roles = {role};
  p.organization = organization;
  return p;
}

v1::PlanningCycle Cycle(v1::PlanningCycleState state = v1::CYCLE_ANALYSIS) {
  v1::PlanningCycle c;
  c.set_name("planningCycles/goris");
  (*c.mutable_display_name())["hy"] = "Գորիսի սոցիալական ծառայությունների պլան";
  c.set_territory("territories/am-su-goris");
  c.set_municipality("organizations/goris");
  c.add_partners("organizations/women-resource-centre");
  c.set_period_start_date("2027-01-01");
  c.set_period_end_date("2029-12-31");
  c.set_state(state);
  return c;
}

TEST(PlanningCycle, AValidCycleHasNoViolationsAndEachBrokenFieldIsNamed) {
  Violations ok;
  ValidatePlanningCycle(Cycle(), &ok);
  EXPECT_TRUE(ok.empty()) << Fields(ok);
  v1::PlanningCycle bad = Cycle();
  bad.set_territory("am-su-goris");
  bad.add_partners("organizations/goris");                  // the municipality itself
  bad.add_partners("organizations/women-resource-centre");  // twice
  bad.set_period_end_date("2026-12-31");
  bad.add_sessions()->set_date("2027-02-30");
  Violations v;
  ValidatePlanningCycle(bad, &v);
  const std::string f = Fields(v);
  EXPECT_THAT(f, HasSubstr("planning_cycle.territory"));
  EXPECT_THAT(f, HasSubstr("planning_cycle.partners[1]: is the cycle's municipality"));
  EXPECT_THAT(f, HasSubstr("planning_cycle.partners[2]: is listed twice"));
  EXPECT_THAT(f, HasSubstr("planning_cycle.period_end_date"));
  EXPECT_THAT(f, HasSubstr("planning_cycle.sessions[0].date"));
  EXPECT_THAT(f, HasSubstr("planning_cycle.sessions[0].title"));
  v1::PlanningCycle undated = Cycle();
  undated.set_period_start_date("2027-02-30");
  undated.set_period_end_date("garbage");
  Violations dates;
  ValidatePlanningCycle(undated, &dates);
  EXPECT_THAT(Fields(dates), HasSubstr("planning_cycle.period_start_date"));
  EXPECT_THAT(Fields(dates), HasSubstr("planning_cycle.period_end_date"));
}

TEST(PlanningCycle, TheMunicipalityRunsItAndPartnersRecordNeeds) {
  const v1::PlanningCycle c = Cycle();
  EXPECT_TRUE(AuthorizeCycleChange(Acting("organizations/goris", kRoleMunicipality), c).ok());
  EXPECT_TRUE(AuthorizeCycleChange(Acting("", kRoleAdmin), c).ok());
  const absl::Status partner =
      AuthorizeCycleChange(Acting("organizations/women-resource-centre"), c);
  EXPECT_EQ(partner.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(partner.message(), HasSubstr("organizations/goris"));
  EXPECT_TRUE(AuthorizeNeedChange(Acting("organizations/women-resource-centre"), c).ok());
  EXPECT_EQ(AuthorizeNeedChange(Acting("organizations/elsewhere"), c).code(),
            absl::StatusCode::kPermissionDenied);
  // A ministry official is not the municipality.
  EXPECT_FALSE(RunsCycle(Acting("organizations/ministry", kRoleMinistry), c));
}

TEST(PlanningCycle, StagesAreTakenOneAtATimeTheAdoptionWithItsDecision) {
  v1::PlanningCycle c = Cycle();
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  auto skip = AdvanceCycleTransition(v1::CYCLE_ACTION_PLANNING, "", "mayor", now);
  const absl::Status skipped = skip.effect(c);
  EXPECT_EQ(skipped.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(skipped.message(), HasSubstr("the next stage is CYCLE_PRIORITISATION"));
  for (const v1::PlanningCycleState to :
       {v1::CYCLE_PRIORITISATION, v1::CYCLE_ACTION_PLANNING, v1::CYCLE_ADOPTED}) {
    auto t =
        AdvanceCycleTransition(to, to == v1::CYCLE_ADOPTED ? "Decision 12-N" : "", "mayor", now);
    ASSERT_TRUE(t.to.has_value());
    ASSERT_TRUE(t.effect(c).ok()) << v1::PlanningCycleState_Name(to);
    c.set_state(*t.to);
  }
  EXPECT_EQ(c.stage_history_size(), 3);
  EXPECT_EQ(c.stage_history(2).source(), "Decision 12-N");
  // The adoption needs its decision.
  v1::PlanningCycle planning = Cycle(v1::CYCLE_ACTION_PLANNING);
  const absl::Status blank =
      AdvanceCycleTransition(v1::CYCLE_ADOPTED, "   ", "mayor", now).effect(planning);
  EXPECT_EQ(blank.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(blank.message(), HasSubstr("source"));
  EXPECT_EQ(NextCycleState(v1::CYCLE_ADOPTED), v1::PLANNING_CYCLE_STATE_UNSPECIFIED);
}

TEST(Need, SurveysAndCitationsAreCheckedAsTheNeedsFields) {
  v1::Need n;
  n.set_cycle("planningCycles/goris");
  n.set_target_group(registry::v1::ELDERLY);
  (*n.mutable_title())["en"] = "Home care";
  Violations ok;
  ValidateNeed(n, &ok);
  EXPECT_TRUE(ok.empty()) << Fields(ok);
  n.set_target_group(static_cast<registry::v1::TargetGroup>(99));
  n.set_people_affected(-1);
  v1::SurveyFinding& s = *n.add_surveys();
  s.set_question("Do you need home care?");
  s.set_respondents(10);
  s.set_affirmative(11);
  v1::EvidenceCitation& c = *n.add_indicators();
  c.set_indicator("served");
  c.set_territory("territories/am-su-goris");
  c.add_periods("2025");
  n.add_documents()->set_uri("javascript:alert(1)");
  Violations v;
  ValidateNeed(n, &v);
  const std::string f = Fields(v);
  EXPECT_THAT(f, HasSubstr("need.target_group: is not a known TargetGroup (99)"));
  EXPECT_THAT(f, HasSubstr("need.people_affected"));
  EXPECT_THAT(f, HasSubstr("need.surveys[0].affirmative: must be 0..respondents (10)"));
  EXPECT_THAT(f, HasSubstr("need.indicators[0].indicator"));
  EXPECT_THAT(f, HasSubstr("need.documents[0].title"));
  EXPECT_THAT(f, HasSubstr("need.documents[0].uri"));
}

v1::PrioritisationRound Round() {
  v1::PrioritisationRound r;
  r.set_name("prioritisationRounds/r1");
  r.set_cycle("planningCycles/goris");
  (*r.mutable_display_name())["en"] = "Round 1";
  r.set_method(v1::SCORING);
  r.add_needs("needs/day-care");
  r.add_needs("needs/home-care");
  r.add_needs("needs/transport");
  auto* p = r.add_participants();
  p->set_organization("organizations/women-resource-centre");
  p->set_group(v1::GROUP_CSO);
  p = r.add_participants();
  p->set_organization("organizations/goris");
  p->set_group(v1::GROUP_MUNICIPALITY);
  return r;
}

v1::Vote VoteOf(const std::string& need, int32_t score, v1::ParticipantGroup group = v1::GROUP_CSO,
                v1::VoteState state = v1::VOTE_CAST) {
  v1::Vote v;
  v.set_round("prioritisationRounds/r1");
  v.set_need(need);
  v.set_voter("anna");
  v.set_group(group);
  v.set_score(score);
  v.set_state(state);
  return v;
}

void Apply(const std::vector<TotalChange>& changes, Totals* totals) {
  for (const TotalChange& c : changes) {
    EXPECT_EQ(c.key, TallyKey("prioritisationRounds/r1"));
    (*totals)[c.field] += c.delta;
    if ((*totals)[c.field] == 0) totals->erase(c.field);
  }
}

TEST(Round, ParticipantsScoresAndVoteIds) {
  Violations ok;
  ValidateRound(Round(), &ok);
  EXPECT_TRUE(ok.empty()) << Fields(ok);
  v1::PrioritisationRound bad = Round();
  bad.add_needs("needs/day-care");
  bad.mutable_participants(1)->set_group(v1::PARTICIPANT_GROUP_UNSPECIFIED);
  bad.set_method(v1::ROUND_METHOD_UNSPECIFIED);
  Violations v;
  ValidateRound(bad, &v);
  const std::string f = Fields(v);
  EXPECT_THAT(f, HasSubstr("prioritisation_round.needs[3]: is listed twice"));
  EXPECT_THAT(f, HasSubstr("prioritisation_round.participants[1].group"));
  EXPECT_THAT(f, HasSubstr("prioritisation_round.method"));

  EXPECT_TRUE(ParticipantOf(Round(), Acting("organizations/goris")).has_value());
  EXPECT_FALSE(ParticipantOf(Round(), Acting("organizations/elsewhere")).has_value());
  EXPECT_FALSE(ParticipantOf(Round(), Acting("")).has_value());

  for (int32_t score : {0, 6, -1}) {
    Violations s;
    CheckScore(v1::SCORING, score, &s);
    EXPECT_THAT(Fields(s), HasSubstr("score: must be 1..5")) << score;
  }
  Violations approval;
  CheckScore(v1::APPROVAL, 3, &approval);
  EXPECT_THAT(Fields(approval), HasSubstr("must be 1 in an APPROVAL round"));

  // One id per person and need, the same every time; valid as a resource id.
  const std::string id = VoteId("prioritisationRounds/r1", "anna", "needs/day-care");
  EXPECT_EQ(id, VoteId("prioritisationRounds/r1", "anna", "needs/day-care"));
  EXPECT_NE(id, VoteId("prioritisationRounds/r1", "anna", "needs/home-care"));
  EXPECT_NE(id, VoteId("prioritisationRounds/r1", "arman", "needs/day-care"));
  EXPECT_NE(id, VoteId("prioritisationRounds/r2", "anna", "needs/day-care"));
  EXPECT_TRUE(IsValidResourceId(id)) << id;
}

TEST(Round, TalliesFollowEachVoteCastChangedWithdrawnAndCastAgain) {
  Totals totals;
  const v1::Vote cast = VoteOf("needs/day-care", 4);
  Apply(TallyChanges(nullptr, cast), &totals);
  const v1::Vote changed = VoteOf("needs/day-care", 2);
  // A change moves the score by the difference and the count not at all.
  const std::vector<TotalChange> change = TallyChanges(&cast, changed);
  for (const TotalChange& c : change) EXPECT_THAT(c.field, HasSubstr(":sum")) << c.field;
  Apply(change, &totals);
  Apply(TallyChanges(nullptr, VoteOf("needs/day-care", 5, v1::GROUP_MUNICIPALITY)), &totals);
  Apply(TallyChanges(nullptr, VoteOf("needs/home-care", 5)), &totals);
  std::vector<v1::NeedTally> t = TalliesFromTotals(Round(), totals);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].votes(), 2);
  EXPECT_EQ(t[0].score_total(), 7);
  EXPECT_DOUBLE_EQ(t[0].average_score(), 3.5);
  ASSERT_EQ(t[0].groups_size(), 2);
  EXPECT_EQ(t[0].groups(0).group(), v1::GROUP_CSO);
  EXPECT_EQ(t[0].groups(0).score_total(), 2);
  EXPECT_EQ(t[0].rank(), 1);
  EXPECT_EQ(t[1].rank(), 2);
  EXPECT_EQ(t[2].votes(), 0);
  EXPECT_EQ(t[2].rank(), 3);
  // Withdrawn, it no longer counts; cast again, it counts once.
  const v1::Vote withdrawn = VoteOf("needs/day-care", 2, v1::GROUP_CSO, v1::VOTE_WITHDRAWN);
  Apply(TallyChanges(&changed, withdrawn), &totals);
  t = TalliesFromTotals(Round(), totals);
  EXPECT_EQ(t[0].votes(), 1);
  EXPECT_EQ(t[0].score_total(), 5);
  // Ties share a rank (day care and home care: 5 each, one vote each).
  EXPECT_EQ(t[0].rank(), 1);
  EXPECT_EQ(t[1].rank(), 1);
  Apply(TallyChanges(&withdrawn, VoteOf("needs/day-care", 1)), &totals);
  EXPECT_EQ(TalliesFromTotals(Round(), totals)[0].votes(), 2);
  // Nothing moves for a vote cast again with its score.
  EXPECT_TRUE(TallyChanges(&cast, cast).empty());
}

TEST(Vote, OnlyItsVoterChangesItAndTheSameScoreAgainChangesNothing) {
  v1::Vote v = VoteOf("needs/day-care", 3);
  v.set_name("votes/v1");
  auto cast = CastVoteTransition(3);
  Principal anna;
  anna.subject = "anna";
  Principal arman;
  arman.subject = "arman";
  EXPECT_TRUE(cast.authorize(anna, v).ok());
  EXPECT_EQ(cast.authorize(arman, v).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(cast.unchanged_is_noop);
  v1::Vote same = v;
  ASSERT_TRUE(cast.effect(same).ok());
  EXPECT_EQ(same.SerializeAsString(), v.SerializeAsString());
  v1::Vote changed = v;
  ASSERT_TRUE(CastVoteTransition(5).effect(changed).ok());
  EXPECT_EQ(changed.score(), 5);
  EXPECT_EQ(changed.changes(), v.changes() + 1);
  EXPECT_EQ(WithdrawVoteTransition().to, v1::VOTE_WITHDRAWN);
}

v1::PlanAction Action() {
  v1::PlanAction a;
  a.set_name("planActions/day-care");
  a.set_cycle("planningCycles/goris");
  a.add_needs("needs/day-care");
  a.set_kind(v1::CREATE_SERVICE);
  (*a.mutable_title())["en"] = "Day care centre";
  a.set_responsible_organization("organizations/women-resource-centre");
  a.mutable_budget()->set_currency_code("AMD");
  a.mutable_budget()->set_amount_minor(1'500'000'000);
  a.set_funding_source(v1::FSTP_GRANT);
  a.set_start_date("2027-03-01");
  a.set_end_date("2028-12-31");
  a.set_state(v1::ACTION_PLANNED);
  return a;
}

TEST(PlanAction, FieldsAndDatesWithinTheCyclesPeriod) {
  Violations ok;
  ValidatePlanActionFields(Action(), &ok);
  ValidatePlanActionPeriod(Action(), Cycle(), &ok);
  EXPECT_TRUE(ok.empty()) << Fields(ok);
  v1::PlanAction bad = Action();
  bad.set_kind(v1::EXPAND_SERVICE);  // without the service it expands
  bad.mutable_budget()->set_amount_minor(0);
  bad.set_start_date("2026-06-01");
  bad.set_end_date("2030-01-01");
  bad.add_indicators("indicators/served");
  bad.add_indicators("indicators/served");
  bad.set_grant("grant-1");
  bad.set_funding_source(static_cast<v1::FundingSource>(42));
  Violations v;
  ValidatePlanActionFields(bad, &v);
  ValidatePlanActionPeriod(bad, Cycle(), &v);
  const std::string f = Fields(v);
  EXPECT_THAT(f, HasSubstr("plan_action.social_service"));
  EXPECT_THAT(f, HasSubstr("plan_action.budget.amount_minor"));
  EXPECT_THAT(f, HasSubstr("plan_action.start_date: is before the cycle's period"));
  EXPECT_THAT(f, HasSubstr("plan_action.end_date: is after the cycle's period"));
  EXPECT_THAT(f, HasSubstr("plan_action.indicators[1]: is listed twice"));
  EXPECT_THAT(f, HasSubstr("plan_action.grant"));
  EXPECT_THAT(f, HasSubstr("plan_action.funding_source: is not a known FundingSource (42)"));
  // Dates that are no dates are refused, not left unchecked.
  v1::PlanAction junk = Action();
  junk.set_start_date("junk");
  junk.set_end_date("2031-99-99");
  Violations dates;
  ValidatePlanActionFields(junk, &dates);
  EXPECT_THAT(Fields(dates), HasSubstr("plan_action.start_date"));
  EXPECT_THAT(Fields(dates), HasSubstr("plan_action.end_date"));
}

TEST(PlanAction, OnceAdoptedOnlyLinksChangeAlsoByTheResponsibleOrganisation) {
  const v1::PlanAction before = Action();
  v1::PlanAction linked = before;
  linked.set_grant("grants/g1");
  linked.add_indicators("indicators/served");
  v1::PlanAction retitled = before;
  (*retitled.mutable_title())["en"] = "Renamed";
  EXPECT_FALSE(ChangesMoreThanLinks(before, linked));
  EXPECT_TRUE(ChangesMoreThanLinks(before, retitled));
  const Principal responsible = Acting("organizations/women-resource-centre");
  const v1::PlanningCycle adopted = Cycle(v1::CYCLE_ADOPTED);
  EXPECT_TRUE(
      AuthorizePlanActionChange(responsible, records::Change::kUpdate, adopted, &before, linked)
          .ok());
  EXPECT_EQ(
      AuthorizePlanActionChange(responsible, records::Change::kUpdate, adopted, &before, retitled)
          .code(),
      absl::StatusCode::kPermissionDenied);
  // Before adoption the plan is the municipality's to draw up.
  EXPECT_EQ(AuthorizePlanActionChange(responsible, records::Change::kUpdate,
                                      Cycle(v1::CYCLE_ACTION_PLANNING), &before, linked)
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(AuthorizePlanActionChange(Acting("organizations/goris", kRoleMunicipality),
                                        records::Change::kCreate, Cycle(v1::CYCLE_ACTION_PLANNING),
                                        nullptr, before)
                  .ok());
}

TEST(PlanAction, FundedOnceAdoptedAnFstpActionWithItsGrantCancelledWithAReason) {
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  v1::PlanAction a = Action();
  const absl::Status early =
      FundPlanActionTransition(Cycle(v1::CYCLE_ACTION_PLANNING), "", "mayor", now).effect(a);
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.message(), HasSubstr("CYCLE_ADOPTED"));
  const v1::PlanningCycle adopted = Cycle(v1::CYCLE_ADOPTED);
  auto fund = FundPlanActionTransition(adopted, "Budget line 10.7", "mayor", now);
  const absl::Status no_grant = fund.effect(a);
  EXPECT_THAT(no_grant.message(), HasSubstr("name its grant"));
  a.set_grant("grants/g1");
  ASSERT_TRUE(fund.effect(a).ok());
  EXPECT_EQ(a.state_history_size(), 1);
  // The responsible organisation moves it on, but does not cancel it.
  const Principal responsible = Acting("organizations/women-resource-centre");
  EXPECT_TRUE(StartPlanActionTransition(adopted, "", "x", now).authorize(responsible, a).ok());
  auto cancel = CancelPlanActionTransition(adopted, "", "mayor", now);
  EXPECT_EQ(cancel.authorize(responsible, a).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(cancel.effect(a).code(), absl::StatusCode::kInvalidArgument);
  v1::PlanAction archived_cycle = a;
  EXPECT_EQ(CancelPlanActionTransition(Cycle(v1::CYCLE_ARCHIVED), "gone", "mayor", now)
                .effect(archived_cycle)
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(IsLiveAction(v1::ACTION_CANCELLED));
  EXPECT_TRUE(IsLiveAction(v1::ACTION_COMPLETED));
}

}  // namespace
}  // namespace civitas::advocacy
