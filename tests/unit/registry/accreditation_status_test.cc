// What a social service shows of its accreditation from certificate events, without I/O.
#include "services/registry/domain/accreditation_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civitas::registry {
namespace {

using accreditation::v1::Certificate;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Certificate CertificateListing(const std::string& name, std::vector<std::string> services) {
  Certificate c;
  c.set_name(name);
  for (const std::string& s : services) c.add_social_services(s);
  return c;
}

std::vector<std::string> NamesOf(const std::vector<Certificate>& certificates) {
  std::vector<std::string> names;
  for (const Certificate& c : certificates) names.push_back(c.name());
  return names;
}

TEST(ServicesOfCertificateEvent, WhatItListsNowAndWhatItListedBefore) {
  const Certificate now =
      CertificateListing("certificates/md-2026-000001", {"socialServices/day-care"});
  EXPECT_THAT(ServicesOfCertificateEvent(now, nullptr), ElementsAre("socialServices/day-care"));
  const Certificate before = CertificateListing(
      "certificates/md-2026-000001", {"socialServices/day-care", "socialServices/respite"});
  EXPECT_THAT(ServicesOfCertificateEvent(now, &before),
              ElementsAre("socialServices/day-care", "socialServices/respite"))
      << "the service the certificate stopped listing must be told too";
}

TEST(CertificatesOfServiceAfter, TheEventsCopyReplacesTheOldOneOrLeaves) {
  const std::vector<Certificate> held = {
      CertificateListing("certificates/md-2025-000009", {"socialServices/day-care"}),
      CertificateListing("certificates/md-2026-000001", {"socialServices/day-care"})};
  Certificate renewed = CertificateListing("certificates/md-2026-000001",
                                           {"socialServices/day-care", "socialServices/respite"});
  renewed.set_etag("2");
  const std::vector<Certificate> day_care =
      CertificatesOfServiceAfter("socialServices/day-care", held, renewed);
  EXPECT_THAT(NamesOf(day_care),
              ElementsAre("certificates/md-2025-000009", "certificates/md-2026-000001"));
  EXPECT_EQ(day_care[1].etag(), "2") << "the event's version, not the old copy";

  const Certificate dropped = CertificateListing("certificates/md-2026-000001", {});
  EXPECT_THAT(NamesOf(CertificatesOfServiceAfter("socialServices/day-care", held, dropped)),
              ElementsAre("certificates/md-2025-000009"));
  EXPECT_THAT(CertificatesOfServiceAfter("socialServices/respite", {}, dropped), IsEmpty());
}

TEST(ShowAccreditationStatus, SetsTheThreeFieldsAndSaysWhetherAnyChanged) {
  v1::SocialService service;
  service.set_accreditation_status(v1::NOT_ACCREDITED);
  const certificates::RegistryStatus accredited{v1::ACCREDITED, "MD-2026-000001", "2029-03-14"};
  EXPECT_TRUE(ShowAccreditationStatus(accredited, &service));
  EXPECT_EQ(service.accreditation_status(), v1::ACCREDITED);
  EXPECT_EQ(service.accreditation_certificate(), "MD-2026-000001");
  EXPECT_EQ(service.accreditation_valid_until(), "2029-03-14");
  EXPECT_FALSE(ShowAccreditationStatus(accredited, &service)) << "nothing to write";
  const certificates::RegistryStatus extended{v1::ACCREDITED, "MD-2026-000001", "2030-03-14"};
  EXPECT_TRUE(ShowAccreditationStatus(extended, &service));
  EXPECT_EQ(service.accreditation_valid_until(), "2030-03-14");
}

}  // namespace
}  // namespace civitas::registry
