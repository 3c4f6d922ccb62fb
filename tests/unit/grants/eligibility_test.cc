// The automatic eligibility check, without I/O: each rule passes in the seed case and fails alone.
#include "services/grants/domain/eligibility.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

namespace rv1 = registry::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Partnerships for Syunik: CSOs of the province's municipalities, each with its municipality.
v1::Call SyunikCall() {
  v1::Call c;
  *c.mutable_envelope() = Eur(300'000'00);
  *c.mutable_min_award() = Eur(5'000'00);
  *c.mutable_max_award() = Eur(30'000'00);
  c.set_min_cofinancing_bp(1000);
  auto* e = c.mutable_eligibility();
  e->add_applicant_types(rv1::CSO);
  e->add_territories("territories/am-su");
  e->set_requires_authority_partnership(true);
  e->add_target_groups(rv1::ELDERLY);
  e->add_target_groups(rv1::PERSONS_WITH_DISABILITIES);
  e->add_service_types("day-care");
  return c;
}

v1::Application GorisDayCare() {
  v1::Application a;
  a.set_applicant("organizations/goris-women");
  a.add_partners("organizations/goris-municipality");
  *a.mutable_requested_amount() = Eur(18'000'00);
  *a.mutable_cofinancing() = Eur(2'000'00);
  v1::BudgetLine* staff = a.add_budget_lines();
  staff->set_category("staff");
  *staff->mutable_amount() = Eur(12'000'00);
  v1::BudgetLine* equipment = a.add_budget_lines();
  equipment->set_category("equipment");
  *equipment->mutable_amount() = Eur(8'000'00);
  a.add_territories("territories/goris");
  a.add_target_groups(rv1::ELDERLY);
  a.add_service_types("day-care");
  return a;
}

RegistryFacts GorisFacts() {
  RegistryFacts f;
  f.applicant.set_name("organizations/goris-women");
  f.applicant.set_type(rv1::CSO);
  f.applicant.set_state(rv1::ACTIVE);
  rv1::Organization municipality;
  municipality.set_name("organizations/goris-municipality");
  municipality.set_type(rv1::PUBLIC_AUTHORITY);
  municipality.set_state(rv1::ACTIVE);
  municipality.add_territories("territories/goris");
  f.partners["organizations/goris-municipality"] = municipality;
  f.territory_paths["territories/goris"] = {"territories/am", "territories/am-su",
                                            "territories/goris"};
  f.territory_paths["territories/chisinau"] = {"territories/md", "territories/chisinau"};
  return f;
}

std::vector<std::string> RulesOf(const std::vector<v1::EligibilityFailure>& failures) {
  std::vector<std::string> rules;
  for (const auto& f : failures) rules.push_back(f.rule());
  return rules;
}

TEST(CheckEligibility, TheSeedApplicationIsEligible) {
  EXPECT_THAT(CheckEligibility(GorisDayCare(), SyunikCall(), GorisFacts()), IsEmpty());
}

TEST(CheckEligibility, ARegionalAuthorityAlsoQualifiesAsPartner) {
  RegistryFacts f = GorisFacts();
  f.partners["organizations/goris-municipality"].set_territories(0, "territories/am-su");
  EXPECT_THAT(CheckEligibility(GorisDayCare(), SyunikCall(), f), IsEmpty());
}

TEST(CheckEligibility, AnApplicantOfAnotherTypeIsNamed) {
  RegistryFacts f = GorisFacts();
  f.applicant.set_type(rv1::PRIVATE_COMPANY);
  auto failures = CheckEligibility(GorisDayCare(), SyunikCall(), f);
  ASSERT_THAT(RulesOf(failures), ElementsAre("applicant_type"));
  EXPECT_EQ(failures[0].field(), "application.applicant");
  EXPECT_THAT(failures[0].description(), HasSubstr("PRIVATE_COMPANY; the call admits CSO"));
}

TEST(CheckEligibility, ArchivedOrUnknownOrganisationsFail) {
  RegistryFacts f = GorisFacts();
  f.applicant.set_state(rv1::ARCHIVED);
  v1::Application a = GorisDayCare();
  a.add_partners("organizations/ghost");
  auto failures = CheckEligibility(a, SyunikCall(), f);
  EXPECT_THAT(RulesOf(failures), ElementsAre("applicant_state", "applicant_state"));
  EXPECT_EQ(failures[1].field(), "application.partners[1]");
}

TEST(CheckEligibility, AnApplicantGoneFromTheRegistryIsNotEligible) {
  RegistryFacts f = GorisFacts();
  f.applicant = GoneFromRegistry("organizations/goris-women");
  EXPECT_EQ(f.applicant.name(), "organizations/goris-women");
  auto failures = CheckEligibility(GorisDayCare(), SyunikCall(), f);
  EXPECT_THAT(RulesOf(failures), testing::Contains("applicant_state"));
}

TEST(CheckEligibility, AProjectOutsideTheCallsTerritoriesFails) {
  v1::Application a = GorisDayCare();
  a.add_territories("territories/chisinau");
  auto failures = CheckEligibility(a, SyunikCall(), GorisFacts());
  ASSERT_THAT(RulesOf(failures), ElementsAre("territory"));
  EXPECT_EQ(failures[0].field(), "application.territories[1]");
}

TEST(CheckEligibility, TheAuthorityMustBeOfTheProjectsTerritory) {
  RegistryFacts f = GorisFacts();
  f.partners["organizations/goris-municipality"].set_territories(0, "territories/kapan");
  EXPECT_THAT(RulesOf(CheckEligibility(GorisDayCare(), SyunikCall(), f)),
              ElementsAre("authority_partnership"));

  f = GorisFacts();
  f.partners["organizations/goris-municipality"].set_type(rv1::CSO);
  EXPECT_THAT(RulesOf(CheckEligibility(GorisDayCare(), SyunikCall(), f)),
              ElementsAre("authority_partnership"));

  v1::Call optional = SyunikCall();
  optional.mutable_eligibility()->set_requires_authority_partnership(false);
  EXPECT_THAT(CheckEligibility(GorisDayCare(), optional, f), IsEmpty());
}

TEST(CheckEligibility, TheProjectMustServeTheCallsGroupsAndServices) {
  v1::Application a = GorisDayCare();
  a.set_target_groups(0, rv1::YOUTH);
  a.set_service_types(0, "home-care");
  EXPECT_THAT(RulesOf(CheckEligibility(a, SyunikCall(), GorisFacts())),
              ElementsAre("target_group", "service_type"));
}

TEST(CheckEligibility, MoneyRulesAreExactIntegers) {
  v1::Application a = GorisDayCare();
  *a.mutable_requested_amount() = Eur(31'000'00);
  *a.mutable_cofinancing() = Eur(0);
  auto failures = CheckEligibility(a, SyunikCall(), GorisFacts());
  EXPECT_THAT(RulesOf(failures), ElementsAre("award_range", "cofinancing", "budget"));
  EXPECT_THAT(failures[2].description(), HasSubstr("3100000), not 2000000"));

  // Exactly 10% co-financing passes; one cent less does not.
  a = GorisDayCare();
  *a.mutable_requested_amount() = Eur(18'000'00);
  *a.mutable_cofinancing() = Eur(2'000'00);
  EXPECT_THAT(CheckEligibility(a, SyunikCall(), GorisFacts()), IsEmpty());
  *a.mutable_cofinancing() = Eur(2'000'00 - 1);
  a.mutable_budget_lines(0)->mutable_amount()->set_amount_minor(12'000'00 - 1);
  EXPECT_THAT(RulesOf(CheckEligibility(a, SyunikCall(), GorisFacts())), ElementsAre("cofinancing"));
}

TEST(CheckEligibility, EveryFailedRuleIsNamedAtOnce) {
  RegistryFacts f = GorisFacts();
  f.applicant.set_type(rv1::DONOR);
  v1::Application a = GorisDayCare();
  a.clear_partners();
  a.clear_target_groups();
  a.clear_budget_lines();
  EXPECT_THAT(RulesOf(CheckEligibility(a, SyunikCall(), f)),
              ElementsAre("applicant_type", "authority_partnership", "target_group", "budget"));
}

}  // namespace
}  // namespace civitas::grants

namespace civitas::grants {
namespace {

TEST(CheckEligibility, ARequiredAccreditationMustHoldOnTheDay) {
  v1::Call call = SyunikCall();
  call.mutable_eligibility()->add_required_accreditations("day-care");
  RegistryFacts f = GorisFacts();
  // Nothing known of the applicant's accreditation: not accredited, named.
  auto failures = CheckEligibility(GorisDayCare(), call, f);
  ASSERT_THAT(RulesOf(failures), ElementsAre("accreditation"));
  EXPECT_EQ(failures[0].field(), "application.applicant");
  f.accreditations["day-care"] = {false, "2026-11-23", "AM-2025-000004", "SUSPENDED"};
  failures = CheckEligibility(GorisDayCare(), call, f);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].description(),
            "organizations/goris-women is not accredited for day-care on 2026-11-23 (certificate "
            "AM-2025-000004 is SUSPENDED); the call requires it");
  f.accreditations["day-care"] = {true, "2026-11-23", "AM-2025-000004", "ACTIVE"};
  EXPECT_THAT(CheckEligibility(GorisDayCare(), call, f), IsEmpty());
}

}  // namespace
}  // namespace civitas::grants
