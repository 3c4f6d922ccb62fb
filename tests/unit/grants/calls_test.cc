// The call's rules, without I/O: validity under its programme, EU defaults, frozen rules.
#include "services/grants/domain/calls.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "services/grants/domain/applications.h"
#include "services/grants/domain/payments.h"
#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

v1::EvaluationCriterion Criterion(const std::string& id, int max_score, int weight) {
  v1::EvaluationCriterion c;
  c.set_id(id);
  (*c.mutable_title())["en"] = id;
  c.set_max_score(max_score);
  c.set_weight_percent(weight);
  return c;
}

// A call of the seeds: at least 30 sub-projects of up to EUR 20,000.
v1::Call SubProjects() {
  v1::Call c;
  c.set_programme("programmes/md-social");
  (*c.mutable_display_name())["ro"] = "Apel pentru subproiecte";
  *c.mutable_envelope() = Eur(600'000'00);
  *c.mutable_min_award() = Eur(5'000'00);
  *c.mutable_max_award() = Eur(20'000'00);
  c.set_min_cofinancing_bp(1000);
  *c.mutable_open_time() = TimeUtil::SecondsToTimestamp(1'767'225'600);   // 2026-01-01
  *c.mutable_close_time() = TimeUtil::SecondsToTimestamp(1'769'904'000);  // 2026-02-01
  c.mutable_eligibility()->add_applicant_types(registry::v1::CSO);
  c.mutable_eligibility()->add_territories("territories/md");
  *c.add_criteria() = Criterion("relevance", 30, 40);
  *c.add_criteria() = Criterion("capacity", 20, 30);
  *c.add_criteria() = Criterion("sustainability", 20, 30);
  c.set_reviewers_per_application(2);
  c.set_state(v1::CALL_DRAFT);
  ApplyCallDefaults(&c);
  return c;
}

TEST(ApplyCallDefaults, FollowsEuPractice) {
  v1::Call c = SubProjects();
  EXPECT_EQ(c.third_party_cap().amount_minor(), 60'000'00);
  EXPECT_EQ(c.third_party_cap().currency_code(), "EUR");
  EXPECT_EQ(c.tranche_rules().pre_financing_bp(), 8000);
  EXPECT_EQ(c.tranche_rules().spent_before_next_bp(), 7000);
  EXPECT_EQ(c.divergence_gap_centi(), 2000);
}

TEST(ApplyCallDefaults, KeepsWhatTheCallerSetAndGivesNoCapOutsideEuro) {
  v1::Call c;
  c.mutable_envelope()->set_currency_code("MDL");
  c.mutable_tranche_rules()->set_pre_financing_bp(5000);
  ApplyCallDefaults(&c);
  EXPECT_FALSE(c.has_third_party_cap());
  EXPECT_EQ(c.tranche_rules().pre_financing_bp(), 5000);
  EXPECT_EQ(c.tranche_rules().spent_before_next_bp(), 0);
}

TEST(ValidateCall, AcceptsTheSeedCall) {
  Violations v;
  ValidateCall(SubProjects(), "EUR", &v);
  EXPECT_THAT(FieldsOf(v), IsEmpty());
}

TEST(ValidateCall, AwardsStayWithinTheEnvelopeAndTheCap) {
  v1::Call c = SubProjects();
  *c.mutable_min_award() = Eur(30'000'00);
  *c.mutable_max_award() = Eur(70'000'00);
  *c.mutable_envelope() = Eur(50'000'00);
  Violations v;
  ValidateCall(c, "EUR", &v);
  EXPECT_THAT(FieldsOf(v), UnorderedElementsAre("call.max_award", "call.max_award"));
  EXPECT_EQ(v.items()[0].description, "must not exceed call.envelope");
  EXPECT_EQ(v.items()[1].description, "must not exceed call.third_party_cap");

  c = SubProjects();
  *c.mutable_min_award() = Eur(25'000'00);
  Violations min;
  ValidateCall(c, "EUR", &min);
  EXPECT_THAT(FieldsOf(min), UnorderedElementsAre("call.min_award"));
}

TEST(ValidateCall, AmountsAreInTheProgrammesCurrency) {
  v1::Call c = SubProjects();
  c.mutable_max_award()->set_currency_code("MDL");
  Violations v;
  ValidateCall(c, "EUR", &v);
  EXPECT_THAT(FieldsOf(v), UnorderedElementsAre("call.max_award.currency_code"));

  Violations other;
  ValidateCall(SubProjects(), "AMD", &other);
  EXPECT_EQ(other.items().size(), 4u) << "envelope, min, max and cap all name the currency";
}

TEST(ValidateCall, ACallOutsideEuroNeedsItsOwnCap) {
  v1::Call c = SubProjects();
  c.clear_third_party_cap();
  Violations v;
  ValidateCall(c, "EUR", &v);
  EXPECT_THAT(FieldsOf(v), UnorderedElementsAre("call.third_party_cap"));
}

TEST(ValidateCall, CriteriaWeightsSumToHundredAndIdsAreUnique) {
  v1::Call c = SubProjects();
  c.mutable_criteria(2)->set_id("capacity");
  c.mutable_criteria(2)->set_weight_percent(20);
  c.mutable_criteria(1)->set_max_score(0);
  Violations v;
  ValidateCall(c, "EUR", &v);
  EXPECT_THAT(FieldsOf(v), UnorderedElementsAre("call.criteria[2].id", "call.criteria[1].max_score",
                                                "call.criteria"));

  c = SubProjects();
  c.clear_criteria();
  Violations none;
  ValidateCall(c, "EUR", &none);
  EXPECT_THAT(FieldsOf(none), UnorderedElementsAre("call.criteria"));
}

TEST(ValidateCall, TimesRatesAndReviewersAreBounded) {
  v1::Call c = SubProjects();
  *c.mutable_close_time() = c.open_time();
  c.set_min_cofinancing_bp(10000);
  c.set_reviewers_per_application(0);
  c.set_score_threshold_centi(10001);
  c.mutable_tranche_rules()->set_pre_financing_bp(0);
  c.mutable_eligibility()->add_applicant_types(registry::v1::CSO);
  c.mutable_eligibility()->add_territories("md");
  Violations v;
  ValidateCall(c, "EUR", &v);
  EXPECT_THAT(FieldsOf(v),
              UnorderedElementsAre(
                  "call.close_time", "call.min_cofinancing_bp", "call.reviewers_per_application",
                  "call.score_threshold_centi", "call.tranche_rules.pre_financing_bp",
                  "call.eligibility.applicant_types[1]", "call.eligibility.territories[1]"));
}

TEST(ValidateCallChange, ADraftChangesFreely) {
  v1::Call after = SubProjects();
  *after.mutable_envelope() = Eur(700'000'00);
  Violations v;
  ValidateCallChange(SubProjects(), after, &v);
  EXPECT_TRUE(v.empty());
}

TEST(ValidateCallChange, PublishingFreezesEveryRuleButNotTheTexts) {
  v1::Call before = SubProjects();
  before.set_state(v1::CALL_PUBLISHED);
  v1::Call after = before;
  (*after.mutable_display_name())["en"] = "Call for sub-projects";
  (*after.mutable_description())["ro"] = "Corectat";
  Violations texts;
  ValidateCallChange(before, after, &texts);
  EXPECT_TRUE(texts.empty());

  *after.mutable_envelope() = Eur(700'000'00);
  after.mutable_criteria(0)->set_weight_percent(50);
  *after.mutable_close_time() = TimeUtil::SecondsToTimestamp(1'770'000'000);
  after.mutable_eligibility()->set_requires_authority_partnership(true);
  Violations rules;
  ValidateCallChange(before, after, &rules);
  EXPECT_THAT(FieldsOf(rules), UnorderedElementsAre("call.envelope", "call.criteria",
                                                    "call.close_time", "call.eligibility"));
  EXPECT_EQ(rules.items()[0].description, "is frozen once the call is published");
  // The call's state refuses the change, not the values: FAILED_PRECONDITION naming each field.
  EXPECT_EQ(rules.ToStatus().code(), absl::StatusCode::kFailedPrecondition);
}

// What a call and an application are checked against, as read by app/: the programme a call is
// made from, the call an application is made to.
TEST(ReferencedRecords, CallsNeedALiveProgrammeApplicationsAPublishedCallInTheirCurrency) {
  v1::Programme programme;
  programme.set_name("programmes/p1");
  programme.set_state(v1::PROGRAMME_OPEN);
  programme.mutable_envelope()->set_currency_code("EUR");
  v1::Call call;
  call.set_name("calls/c1");
  call.mutable_envelope()->set_currency_code("EUR");
  Violations ok;
  CheckCallProgramme(call, programme, &ok);
  EXPECT_TRUE(ok.empty());
  programme.set_state(v1::PROGRAMME_CLOSED);
  call.mutable_envelope()->set_currency_code("AMD");
  Violations both;
  CheckCallProgramme(call, programme, &both);
  EXPECT_THAT(FieldsOf(both),
              ::testing::ElementsAre("call.programme", "call.envelope.currency_code"));

  v1::Application application;
  application.set_call("calls/c1");
  application.mutable_requested_amount()->set_currency_code("AMD");
  call.set_state(v1::CALL_PUBLISHED);
  Violations fine;
  CheckApplicationCall(application, call, &fine);
  EXPECT_TRUE(fine.empty());
  call.set_state(v1::CALL_CLOSED);
  application.mutable_requested_amount()->set_currency_code("EUR");
  Violations refused;
  CheckApplicationCall(application, call, &refused);
  EXPECT_THAT(
      FieldsOf(refused),
      ::testing::ElementsAre("application.call", "application.requested_amount.currency_code"));
  EXPECT_EQ(refused.ToStatus().code(), absl::StatusCode::kInvalidArgument)
      << "a wrong currency is the request's, not only the call's state";
}

TEST(NetPaid, DisbursedLessReturned) {
  v1::Grant g;
  g.mutable_disbursed()->set_amount_minor(500000);
  g.mutable_returned()->set_amount_minor(120000);
  EXPECT_EQ(NetPaid(g), 380000);
}

TEST(EnvelopeHeldFromProgramme, AllOfItUntilArchivedAndArchivingIsTheChangeIntoIt) {
  EXPECT_EQ(EnvelopeHeldFromProgramme(nullptr), 0);
  v1::Call before = SubProjects();
  EXPECT_EQ(EnvelopeHeldFromProgramme(&before), 600'000'00);
  v1::Call after = before;
  after.set_state(v1::CALL_ARCHIVED);
  EXPECT_EQ(EnvelopeHeldFromProgramme(&after), 0);
  EXPECT_TRUE(ArchivesCall(&before, after));
  EXPECT_FALSE(ArchivesCall(&after, after)) << "already archived";
  EXPECT_FALSE(ArchivesCall(nullptr, after)) << "a create archives nothing";
  EXPECT_FALSE(ArchivesCall(&before, before));
}

}  // namespace
}  // namespace civitas::grants
