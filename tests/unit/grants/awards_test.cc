// Award checks, the agreement an award makes, and the decision transitions, without I/O.
#include "services/grants/domain/awards.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/civil_time.h"
#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::Call CallOf(int32_t interim_bp = 0) {
  v1::Call c;
  c.set_name("calls/c1");
  c.set_programme("programmes/sfm-fstp");
  *c.mutable_envelope() = Eur(100'000'00);
  *c.mutable_min_award() = Eur(5'000'00);
  *c.mutable_max_award() = Eur(50'000'00);
  *c.mutable_third_party_cap() = Eur(40'000'00);
  c.mutable_tranche_rules()->set_pre_financing_bp(8000);
  c.mutable_tranche_rules()->set_spent_before_next_bp(7000);
  c.mutable_tranche_rules()->set_interim_bp(interim_bp);
  return c;
}

v1::Application ApplicationOf(int64_t requested) {
  v1::Application a;
  a.set_name("applications/a1");
  a.set_call("calls/c1");
  a.set_applicant("organizations/keystone-md");
  (*a.mutable_title())["en"] = "Day care in Cahul";
  (*a.mutable_summary())["en"] = "Daily care for 30 children";
  *a.mutable_requested_amount() = Eur(requested);
  a.set_start_date("2027-01-01");
  a.set_end_date("2027-12-31");
  a.add_territories("territories/md-cu");
  a.set_state(v1::APPLICATION_SCORED);
  return a;
}

AwardTerms Terms(common::v1::Money amount, std::string start = "", std::string end = "",
                 std::vector<v1::ReportRequirement> reports = {}) {
  AwardTerms t;
  t.amount = std::move(amount);
  t.start_date = std::move(start);
  t.end_date = std::move(end);
  t.report_requirements = std::move(reports);
  return t;
}

std::vector<std::string> AwardViolations(const AwardTerms& terms, int64_t requested = 45'000'00) {
  Violations v;
  ValidateAward(CallOf(), ApplicationOf(requested), terms, &v);
  return FieldsOf(v);
}

TEST(ValidateAward, AcceptsAnAmountWithinEveryLimit) {
  EXPECT_THAT(AwardViolations(Terms(Eur(30'000'00))), IsEmpty());
}

TEST(ValidateAward, NamesEachLimitTheAmountBreaks) {
  Violations v;
  ValidateAward(CallOf(), ApplicationOf(20'000'00), Terms(Eur(25'000'00)), &v);
  EXPECT_THAT(v.ToStatus().message(), HasSubstr("more than the requested amount"));
  Violations below;
  ValidateAward(CallOf(), ApplicationOf(20'000'00), Terms(Eur(4'000'00)), &below);
  EXPECT_THAT(below.ToStatus().message(), HasSubstr("minimum award"));
  Violations above_cap;
  ValidateAward(CallOf(), ApplicationOf(45'000'00), Terms(Eur(41'000'00)), &above_cap);
  EXPECT_THAT(above_cap.ToStatus().message(), HasSubstr("per-third-party cap"));
  v1::Call no_cap = CallOf();
  no_cap.clear_third_party_cap();
  no_cap.mutable_max_award()->set_amount_minor(40'000'00);
  Violations above_max;
  ValidateAward(no_cap, ApplicationOf(45'000'00), Terms(Eur(41'000'00)), &above_max);
  EXPECT_THAT(above_max.ToStatus().message(), HasSubstr("maximum award"));
  EXPECT_THAT(AwardViolations(Terms(Eur(0))), ElementsAre("amount.amount_minor"));
}

TEST(ValidateAward, WantsTheCallsCurrency) {
  common::v1::Money mdl = Eur(30'000'00);
  mdl.set_currency_code("MDL");
  EXPECT_THAT(AwardViolations(Terms(mdl)), ElementsAre("amount.currency_code"));
}

TEST(ValidateAward, ChecksThePeriodAndTheReportRequirements) {
  AwardTerms bad_period = Terms(Eur(30'000'00), "2027-12-31", "2027-01-01");
  EXPECT_THAT(AwardViolations(bad_period), ::testing::Contains("end_date"));
  AwardTerms not_a_date = Terms(Eur(30'000'00), "2027-02-30");
  EXPECT_THAT(AwardViolations(not_a_date), ::testing::Contains("start_date"));
  v1::ReportRequirement interim;
  interim.set_kind(v1::INTERIM_REPORT);
  interim.set_due_date("2027-07-01");
  AwardTerms no_final = Terms(Eur(30'000'00), "", "", {interim});
  EXPECT_THAT(AwardViolations(no_final), ElementsAre("report_requirements"));
  v1::ReportRequirement undated;
  undated.set_kind(v1::FINAL_REPORT);
  AwardTerms missing_date = Terms(Eur(30'000'00), "", "", {interim, undated});
  EXPECT_THAT(AwardViolations(missing_date), ElementsAre("report_requirements[1].due_date"));
}

TEST(DefaultReportRequirements, FinalReportAMonthAfterTheEndAndAnInterimOneWithAnInterimTranche) {
  auto plain = DefaultReportRequirements(CallOf(), "2027-01-01", "2027-12-31");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].kind(), v1::FINAL_REPORT);
  EXPECT_EQ(plain[0].due_date(), "2028-01-30");
  auto with_interim = DefaultReportRequirements(CallOf(2000), "2027-01-01", "2027-12-31");
  ASSERT_EQ(with_interim.size(), 2u);
  EXPECT_EQ(with_interim[0].kind(), v1::INTERIM_REPORT);
  EXPECT_EQ(with_interim[0].due_date(), "2027-07-02");
}

TEST(MakeGrant, IsTheAgreementWithPartiesScheduleAndCommitment) {
  v1::Programme programme;
  programme.set_name("programmes/sfm-fstp");
  programme.set_funder("organizations/eu");
  programme.set_lead_organization("organizations/soros-md");
  const absl::Time now =
      absl::FromCivil(absl::CivilSecond(2026, 11, 23, 10, 0, 0), absl::UTCTimeZone());
  v1::Grant g = MakeGrant(programme, CallOf(), ApplicationOf(45'000'00), Terms(Eur(30'000'00)),
                          "grants/a1", "dev-staff", now);
  EXPECT_EQ(g.agreement_number(), "SFM-FSTP-2026-A1");
  EXPECT_EQ(g.grantor(), "organizations/soros-md");
  EXPECT_EQ(g.funder(), "organizations/eu");
  EXPECT_EQ(g.recipient(), "organizations/keystone-md");
  EXPECT_EQ(g.amount().amount_minor(), 30'000'00);
  EXPECT_EQ(g.start_date(), "2027-01-01");
  EXPECT_EQ(g.state(), v1::GRANT_ACTIVE);
  ASSERT_EQ(g.tranches_size(), 2);
  EXPECT_EQ(g.tranches(0).amount().amount_minor(), 24'000'00);
  ASSERT_EQ(g.transactions_size(), 1);
  EXPECT_EQ(g.transactions(0).type(), v1::OUTGOING_COMMITMENT);
  EXPECT_EQ(g.transactions(0).value().amount_minor(), 30'000'00);
  EXPECT_EQ(g.transactions(0).date(), "2026-11-23");
  EXPECT_EQ(g.disbursed().currency_code(), "EUR");
  EXPECT_EQ(g.title().at("en"), "Day care in Cahul");
}

TEST(Decisions, OnlyStaffDecideAndRejectionNeedsAReason) {
  const ProgrammeParties parties{"organizations/eu", "organizations/soros-md"};
  auto award = AwardTransition(parties, "grants/a1");
  EXPECT_TRUE(award.authorize(Acting("cso", "organizations/soros-md"), ApplicationOf(1)).ok());
  EXPECT_EQ(award.authorize(Acting("cso", "organizations/keystone-md"), ApplicationOf(1)).code(),
            absl::StatusCode::kPermissionDenied);
  v1::Application a = ApplicationOf(1);
  ASSERT_TRUE(award.effect(a).ok());
  EXPECT_EQ(a.grant(), "grants/a1");
  EXPECT_THAT(award.from, ElementsAre(v1::APPLICATION_SCORED, v1::APPLICATION_RESERVE));

  // The call's threshold, frozen at publication, holds at the award.
  auto above_threshold = AwardTransition(parties, "grants/a2", 700);
  v1::Application low = ApplicationOf(1);
  low.set_name("applications/low");
  low.set_score_centi(650);
  absl::Status refused = above_threshold.effect(low);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.message(),
            "applications/low scored 6.50, below the call's threshold 7.00: it cannot be awarded");
  low.set_score_centi(700);
  EXPECT_TRUE(above_threshold.effect(low).ok());

  auto reject = RejectTransition(parties, "  ");
  v1::Application rejected = ApplicationOf(1);
  ASSERT_TRUE(reject.effect(rejected).ok());
  Violations v;
  reject.validate(ApplicationOf(1), rejected, &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("reason"));
  EXPECT_THAT(ReserveTransition(parties, "beyond the envelope").from,
              ElementsAre(v1::APPLICATION_SCORED));
}

TEST(GrantNameFor, TheGrantTakesItsApplicationsId) {
  EXPECT_EQ(GrantNameFor(ApplicationOf(45'000'00)), "grants/a1");
}

TEST(CheckAccreditedToAward, EveryRequiredServiceTypeOnTheDayOfTheAward) {
  v1::Call call = CallOf();
  EXPECT_TRUE(CheckAccreditedToAward(call, "organizations/keystone-md", {}).ok())
      << "a call requiring none";
  call.mutable_eligibility()->add_required_accreditations("day-care");
  call.mutable_eligibility()->add_required_accreditations("home-care");
  AccreditationFact yes;
  yes.accredited = true;
  yes.date = "2027-01-10";
  const AccreditationFact suspended{.accredited = false,
                                    .date = "2027-01-10",
                                    .certificate = "AM-2026-0007",
                                    .state = "SUSPENDED"};
  EXPECT_TRUE(CheckAccreditedToAward(call, "organizations/keystone-md",
                                     {{"day-care", yes}, {"home-care", yes}})
                  .ok());
  const absl::Status refused = CheckAccreditedToAward(
      call, "organizations/keystone-md", {{"day-care", yes}, {"home-care", suspended}});
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("accreditation: organizations/keystone-md is not "
                                           "accredited for home-care on 2027-01-10"));
  EXPECT_THAT(refused.message(), HasSubstr("AM-2026-0007 is SUSPENDED"));
  const absl::Status missing =
      CheckAccreditedToAward(call, "organizations/keystone-md", {{"day-care", yes}});
  EXPECT_EQ(missing.code(), absl::StatusCode::kFailedPrecondition)
      << "a required type without an answer is a shortfall";
  EXPECT_THAT(missing.message(), HasSubstr("home-care"));
  const absl::Status both = CheckAccreditedToAward(
      call, "organizations/keystone-md", {{"day-care", suspended}, {"home-care", suspended}});
  EXPECT_THAT(both.message(), HasSubstr("for day-care")) << "the call's first required type";
  call.mutable_eligibility()->mutable_required_accreditations()->SwapElements(0, 1);
  EXPECT_THAT(CheckAccreditedToAward(call, "organizations/keystone-md",
                                     {{"day-care", suspended}, {"home-care", suspended}})
                  .message(),
              HasSubstr("for home-care"));
}

TEST(AtRiskRow, ARecipientNotAccreditedOnTheGrantsLastDay) {
  v1::Grant grant;
  grant.set_name("grants/a1");
  grant.set_recipient("organizations/keystone-md");
  grant.set_end_date("2027-12-31");
  accreditation::v1::CheckAccreditationResponse accredited;
  accredited.set_accredited(true);
  EXPECT_FALSE(AtRiskRow(grant, "day-care", accredited).has_value());

  accreditation::v1::CheckAccreditationResponse expired;
  expired.mutable_certificate()->set_number("MD-2026-000007");
  expired.mutable_certificate()->set_valid_to("2027-06-30");
  expired.set_state_on_date(accreditation::v1::EXPIRED);
  const auto row = AtRiskRow(grant, "day-care", expired);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->grant(), "grants/a1");
  EXPECT_EQ(row->recipient(), "organizations/keystone-md");
  EXPECT_EQ(row->end_date(), "2027-12-31");
  EXPECT_EQ(row->service_type(), "day-care");
  EXPECT_EQ(row->certificate(), "MD-2026-000007");
  EXPECT_EQ(row->certificate_valid_to(), "2027-06-30");
  EXPECT_EQ(row->state_on_end_date(), "EXPIRED");

  const auto none = AtRiskRow(grant, "home-care", {});
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->certificate(), "");
  EXPECT_EQ(none->state_on_end_date(), "") << "empty without a certificate, as the API says";
}

TEST(ValidateGrant, AnAmountAndAnAgreementNumber) {
  v1::Grant grant;
  *grant.mutable_amount() = Eur(30'000'00);
  grant.set_agreement_number("SFM-FSTP-2027-A1");
  Violations ok;
  ValidateGrant(grant, &ok);
  EXPECT_THAT(FieldsOf(ok), IsEmpty());
  grant.clear_amount();
  grant.set_agreement_number(std::string(65, '7'));
  Violations v;
  ValidateGrant(grant, &v);
  EXPECT_THAT(FieldsOf(v), ElementsAre("amount", "agreement_number"));
}

}  // namespace
}  // namespace civitas::grants
