// The programme's rules, without I/O.
#include "services/grants/domain/programmes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// The Soros Foundation Moldova programme of the seeds: EUR 3,375,000 over 42 months.
v1::Programme Moldova() {
  v1::Programme p;
  (*p.mutable_display_name())["en"] = "Civil society for social services";
  p.set_funder("organizations/eu-delegation-md");
  p.set_lead_organization("organizations/sfm");
  p.mutable_envelope()->set_currency_code("EUR");
  p.mutable_envelope()->set_amount_minor(3'375'000'00);
  p.set_start_date("2022-01-01");
  p.set_end_date("2025-06-30");
  p.add_territories("territories/md");
  p.add_languages("ro");
  p.add_languages("ru");
  p.set_parent_iati_activity("XI-IATI-EC_NEAR-ENI/2021/425-123");
  return p;
}

TEST(ValidateProgramme, AcceptsTheSeedProgramme) {
  Violations v;
  ValidateProgramme(Moldova(), &v);
  EXPECT_THAT(FieldsOf(v), IsEmpty());
}

TEST(ValidateProgramme, NamesEveryBrokenField) {
  v1::Programme p = Moldova();
  p.clear_display_name();
  p.set_funder("donors/eu");
  p.mutable_envelope()->set_amount_minor(0);
  p.set_end_date("2021-12-31");
  p.add_territories("territories/md");
  p.add_languages("fr");
  p.set_parent_grant("grants/g1");
  Violations v;
  ValidateProgramme(p, &v);
  EXPECT_THAT(FieldsOf(v),
              UnorderedElementsAre("programme.display_name", "programme.funder",
                                   "programme.envelope.amount_minor", "programme.end_date",
                                   "programme.territories[1]", "programme.languages[2]",
                                   "programme.parent_iati_activity"));
}

TEST(ValidateProgramme, RefusesMoneyBeyondExactIntegers) {
  v1::Programme p = Moldova();
  p.mutable_envelope()->set_amount_minor(int64_t{1} << 53);
  Violations v;
  ValidateProgramme(p, &v);
  EXPECT_THAT(FieldsOf(v), UnorderedElementsAre("programme.envelope.amount_minor"));
}

TEST(ValidateProgramme, AnIatiParentIsPrintableWithoutSpaces) {
  v1::Programme p = Moldova();
  p.set_parent_iati_activity("XI IATI");
  Violations v;
  ValidateProgramme(p, &v);
  EXPECT_THAT(FieldsOf(v), UnorderedElementsAre("programme.parent_iati_activity"));
}

TEST(ValidateProgrammeChange, TheCurrencyIsFixed) {
  v1::Programme after = Moldova();
  after.mutable_envelope()->set_currency_code("MDL");
  Violations v;
  ValidateProgrammeChange(Moldova(), after, &v);
  EXPECT_THAT(FieldsOf(v), UnorderedElementsAre("programme.envelope.currency_code"));

  after = Moldova();
  after.mutable_envelope()->set_amount_minor(4'000'000'00);
  Violations ok;
  ValidateProgrammeChange(Moldova(), after, &ok);
  EXPECT_TRUE(ok.empty()) << "the envelope itself may change (the store bounds it)";
}

TEST(CheckParentGrant, ASubProgrammeIsLedByTheGrantsRecipientInItsCurrency) {
  v1::Grant parent;
  parent.set_recipient("organizations/sfm");
  parent.mutable_amount()->set_currency_code("EUR");
  v1::Programme sub;
  sub.set_lead_organization("organizations/sfm");
  sub.mutable_envelope()->set_currency_code("EUR");
  Violations ok;
  CheckParentGrant(sub, parent, &ok);
  EXPECT_TRUE(ok.empty());
  sub.set_lead_organization("organizations/other");
  sub.mutable_envelope()->set_currency_code("MDL");
  Violations v;
  CheckParentGrant(sub, parent, &v);
  EXPECT_THAT(FieldsOf(v), ::testing::ElementsAre("programme.envelope.currency_code",
                                                  "programme.lead_organization"));
}

TEST(EnvelopeHeldFromParentGrant, AllOfItUntilArchived) {
  EXPECT_EQ(EnvelopeHeldFromParentGrant(nullptr), 0);
  v1::Programme p = Moldova();
  p.set_state(v1::PROGRAMME_OPEN);
  EXPECT_EQ(EnvelopeHeldFromParentGrant(&p), 3'375'000'00);
  p.set_state(v1::PROGRAMME_CLOSED);
  EXPECT_EQ(EnvelopeHeldFromParentGrant(&p), 3'375'000'00) << "closed still holds its grants";
  p.set_state(v1::PROGRAMME_ARCHIVED);
  EXPECT_EQ(EnvelopeHeldFromParentGrant(&p), 0);
}

}  // namespace
}  // namespace civitas::grants
