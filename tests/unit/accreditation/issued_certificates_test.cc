#include "services/accreditation/domain/issued_certificates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/accreditation/accreditation_test_values.h"

namespace civitas::accreditation {
namespace {

using ::testing::ElementsAre;

v1::AccreditationCase Decided() {
  v1::AccreditationCase c = NewCase();
  c.set_name("cases/c1");
  c.set_renews("certificates/md-2025-000007");
  return c;
}

TEST(IssuesCertificate, OnlyAccreditingOutcomes) {
  EXPECT_TRUE(IssuesCertificate(v1::ACCREDIT));
  EXPECT_TRUE(IssuesCertificate(v1::ACCREDIT_PROVISIONALLY));
  EXPECT_FALSE(IssuesCertificate(v1::REFUSE));
  EXPECT_FALSE(IssuesCertificate(v1::DECISION_OUTCOME_UNSPECIFIED));
}

DecisionRequest DecisionOf(v1::DecisionOutcome outcome) {
  DecisionRequest request;
  request.outcome = outcome;
  return request;
}

// What a decision issues is decided here, not by the use case that writes it: number, kind,
// validity from the policy, the case's provider, services and types, the registry's territories,
// ACTIVE with its Issued entry, and the certificate it renews.
TEST(MakeCertificate, TheCertificateADecisionIssues) {
  const v1::AccreditationCase c = Decided();
  const v1::Certificate cert =
      MakeCertificate(c, DecisionOf(v1::ACCREDIT), Moldova(), 124, {"territories/md-chisinau"},
                      "council@md", At(2026, 3, 15));
  EXPECT_EQ(cert.number(), "MD-2026-000124");
  EXPECT_EQ(cert.country(), "MD");
  EXPECT_EQ(cert.provider(), c.provider());
  EXPECT_EQ(cert.kind(), c.kind());
  EXPECT_EQ(cert.case_(), "cases/c1");
  EXPECT_EQ(cert.valid_from(), "2026-03-15");
  EXPECT_EQ(cert.valid_to(), "2027-03-14");
  EXPECT_EQ(cert.state(), v1::ACTIVE);
  ASSERT_EQ(cert.history_size(), 1);
  EXPECT_EQ(cert.history(0).actor(), "council@md");
  EXPECT_THAT(cert.social_services(), ElementsAre("socialServices/keystone-day-care"));
  EXPECT_THAT(cert.territories(), ElementsAre("territories/md-chisinau"));
  EXPECT_EQ(cert.renews(), "certificates/md-2025-000007");
  // A provisional accreditation issues a provisional certificate.
  EXPECT_EQ(MakeCertificate(c, DecisionOf(v1::ACCREDIT_PROVISIONALLY), Moldova(), 1, {}, "x",
                            At(2026, 3, 15))
                .kind(),
            v1::PROVISIONAL);
}

TEST(RenewalBy, TakesEffectOnTheSuccessorsFirstDay) {
  v1::Certificate successor;
  successor.set_valid_from("2026-04-01");
  const ChangeRequest change =
      RenewalBy(successor, "certificates/md-2026-000124", Decided(), "council@md", At(2026, 3, 15));
  EXPECT_EQ(change.effective_from, absl::CivilDay(2026, 4, 1));
  EXPECT_EQ(change.today, absl::CivilDay(2026, 3, 15));
  EXPECT_EQ(change.actor, "council@md");
  EXPECT_EQ(change.reason, "renewed by certificates/md-2026-000124 (cases/c1)");
}

TEST(CertificateTerritories, TheServicesTerritoriesElseTheProviders) {
  registry::v1::SocialService day_care, home_care, no_place;
  day_care.set_territory("territories/md-chisinau");
  home_care.set_territory("territories/md-balti");
  registry::v1::Organization provider;
  provider.add_territories("territories/md");
  EXPECT_THAT(CertificateTerritories({home_care, day_care, home_care}, provider),
              ElementsAre("territories/md-balti", "territories/md-chisinau"));
  EXPECT_THAT(CertificateTerritories({no_place}, provider), ElementsAre("territories/md"));
  EXPECT_THAT(CertificateTerritories({}, provider), ElementsAre("territories/md"));
}

}  // namespace
}  // namespace civitas::accreditation
