#include "services/registry/domain/validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "libs/aip/field_checks.h"
#include "services/registry/domain/changes.h"

namespace civitas::registry {
namespace {

using ::testing::Contains;
using ::testing::IsSupersetOf;

std::set<std::string> Fields(const Violations& v) {
  std::set<std::string> out;
  for (const auto& i : v.items()) out.insert(i.field);
  return out;
}

v1::Organization ValidOrganization() {
  v1::Organization o;
  (*o.mutable_display_name())["en"] = "Keystone Moldova";
  o.set_type(v1::CSO);
  return o;
}

TEST(ValidationTest, ValidOrganizationPasses) {
  Violations v;
  ValidateOrganization(ValidOrganization(), "organization", &v);
  EXPECT_TRUE(v.empty());
}

TEST(ValidationTest, EveryOrganizationProblemIsReportedAtOnce) {
  v1::Organization o;
  (*o.mutable_display_name())["xx"] = "Nope";
  o.add_territories("organizations/not-a-territory");
  auto* id = o.add_external_ids();
  id->set_scheme("md-idno");
  auto* dup = o.add_external_ids();
  dup->set_scheme("md-idno");
  dup->set_value("1");
  auto* c = o.add_contacts();
  c->set_kind(v1::Contact::EMAIL);
  c->set_value("not-an-email");
  auto* a = o.add_capacity_assessments();
  a->set_assessment_date("2024-02-30");
  a->set_phase(v1::CapacityAssessment::BASELINE);
  (*a->mutable_scores())["governance"] = 120;
  Violations v;
  ValidateOrganization(o, "organization", &v);
  EXPECT_THAT(Fields(v),
              IsSupersetOf({"organization.display_name[xx]", "organization.type",
                            "organization.territories[0]", "organization.external_ids[0].value",
                            "organization.external_ids[1].scheme", "organization.contacts[0].value",
                            "organization.capacity_assessments[0].assessment_date",
                            "organization.capacity_assessments[0].scores[governance]"}));
}

TEST(ValidationTest, TerritoryLevelsAndParents) {
  v1::Territory country;
  country.set_code("AM");
  country.set_level(v1::COUNTRY);
  (*country.mutable_display_name())["en"] = "Armenia";
  Violations ok;
  ValidateTerritory(country, "territory", &ok);
  EXPECT_TRUE(ok.empty());

  v1::Territory region = country;
  region.set_level(v1::REGION);
  Violations missing_parent;
  ValidateTerritory(region, "territory", &missing_parent);
  EXPECT_THAT(Fields(missing_parent), Contains("territory.parent"));

  v1::Territory municipality = country;
  municipality.set_level(v1::MUNICIPALITY);
  municipality.set_parent("territories/am");
  Violations not_below;
  v1::Territory parent = country;
  parent.set_level(v1::MUNICIPALITY);
  ValidateTerritoryParent(municipality, &parent, "territory", &not_below);
  EXPECT_THAT(Fields(not_below), Contains("territory.level"));
}

TEST(ValidationTest, ServiceContractNeedsVolumeCostAndEndDate) {
  v1::Partnership p;
  p.set_kind(v1::Partnership::SERVICE_CONTRACT);
  p.set_cso("organizations/a");
  p.set_authority("organizations/b");
  p.set_start_date("2024-01-01");
  Violations v;
  ValidatePartnership(p, "partnership", &v);
  EXPECT_THAT(Fields(v), IsSupersetOf({"partnership.volume", "partnership.volume_unit",
                                       "partnership.unit_cost", "partnership.end_date"}));
  p.set_volume(12);
  p.set_volume_unit("beneficiary-months");
  p.mutable_unit_cost()->set_currency_code("MDL");
  p.mutable_unit_cost()->set_amount_minor(150000);
  p.set_end_date("2023-12-31");
  Violations order;
  ValidatePartnership(p, "partnership", &order);
  EXPECT_THAT(Fields(order), Contains("partnership.end_date"));
  p.set_end_date("2024-12-31");
  Violations none;
  ValidatePartnership(p, "partnership", &none);
  EXPECT_TRUE(none.empty()) << none.ToStatus();
  auto total = PartnershipTotalValue(p);
  ASSERT_TRUE(total.ok());
  EXPECT_EQ(total->amount_minor(), 1800000);
}

TEST(ValidationTest, TotalValueOverflowIsRejected) {
  v1::Partnership p;
  p.set_volume(INT64_MAX / 2);
  p.mutable_unit_cost()->set_currency_code("EUR");
  p.mutable_unit_cost()->set_amount_minor(3);
  EXPECT_FALSE(PartnershipTotalValue(p).ok());
}

TEST(FieldChecksTest, ServiceNeedsCatalogueType) {
  v1::SocialService s;
  (*s.mutable_display_name())["ro"] = "Centru de zi";
  s.set_service_type("spa-weekend");
  s.set_provider("organizations/keystone-md");
  s.set_territory("territories/md");
  Violations v;
  ValidateSocialService(s, "social_service", &v);
  EXPECT_THAT(Fields(v), Contains("social_service.service_type"));
  s.set_service_type("day-care");
  Violations ok;
  ValidateSocialService(s, "social_service", &ok);
  EXPECT_TRUE(ok.empty()) << ok.ToStatus();
}

// A service contract needs its provider accredited for the service's type on its start date,
// by the certificates the registry holds; a refusal names the certificate and its state.
TEST(ContractAccreditation, TheProvidersCertificateOnTheStartDate) {
  v1::SocialService service;
  service.set_provider("organizations/keystone");
  service.set_service_type("day-care");
  accreditation::v1::Certificate c;
  c.set_number("MD-2026-000001");
  c.set_provider("organizations/keystone");
  c.add_service_types("day-care");
  c.set_valid_from("2026-03-15");
  c.set_valid_to("2027-03-14");
  c.set_state(accreditation::v1::ACTIVE);
  accreditation::v1::StatusChange* issued = c.add_history();
  issued->set_state(accreditation::v1::ACTIVE);
  issued->set_effective_from("2026-03-15");
  Violations ok;
  CheckContractAccreditation(service, {c}, "2026-04-01", &ok);
  EXPECT_TRUE(ok.empty());
  Violations before;
  CheckContractAccreditation(service, {c}, "2026-03-01", &before);
  ASSERT_EQ(before.items().size(), 1u);
  EXPECT_THAT(
      before.items()[0].description,
      ::testing::HasSubstr("organizations/keystone is not accredited for day-care on 2026-03-01"));
  EXPECT_EQ(before.ToStatus().code(), absl::StatusCode::kFailedPrecondition);
  Violations none;
  CheckContractAccreditation(service, {}, "2026-04-01", &none);
  ASSERT_EQ(none.items().size(), 1u);
  EXPECT_THAT(none.items()[0].description, ::testing::HasSubstr("(no certificate)"));
}

TEST(ValidationTest, OnlyALiveTerritoryNeedsALiveParent) {
  v1::Territory t;
  for (v1::RecordState s : {v1::DRAFT, v1::ACTIVE, v1::SUSPENDED}) {
    t.set_state(s);
    EXPECT_TRUE(NeedsLiveParent(t)) << v1::RecordState_Name(s);
  }
  t.set_state(v1::ARCHIVED);
  EXPECT_FALSE(NeedsLiveParent(t));
}

}  // namespace
}  // namespace civitas::registry
