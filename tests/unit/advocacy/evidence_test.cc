// Evidence from monitoring: a citation's checks, the question it asks (published aggregates of one
// indicator, territory and its periods), its figures in its order, and who keeps it where.
#include "services/advocacy/domain/evidence.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/advocacy/advocacy_test_values.h"

namespace civitas::advocacy {
namespace {

using ::testing::HasSubstr;

v1::EvidenceCitation Served() {
  v1::EvidenceCitation c;
  c.set_indicator("indicators/beneficiaries-served");
  c.set_territory("territories/am-su");
  c.add_periods("2025");
  c.add_periods("2026Q1");
  c.set_note("more people each year");
  return c;
}

TEST(Citation, ChecksNameEveryField) {
  Violations ok;
  ValidateCitation(Served(), &ok);
  EXPECT_TRUE(ok.empty()) << Problems(ok);
  v1::EvidenceCitation c = Served();
  c.set_indicator("beneficiaries-served");
  c.set_territory("organizations/keystone-md");
  c.add_periods("2025");
  c.add_periods("last year");
  Violations v;
  ValidateCitation(c, &v);
  const std::string problems = Problems(v);
  EXPECT_THAT(problems, HasSubstr("citation.indicator:"));
  EXPECT_THAT(problems, HasSubstr("citation.territory:"));
  EXPECT_THAT(problems, HasSubstr("citation.periods[2]: 2025 is listed twice"));
  EXPECT_THAT(problems, HasSubstr("citation.periods[3]: 'last year' is not a DHIS2 period"));
  c = Served();
  c.clear_periods();
  v = Violations();
  ValidateCitation(c, &v);
  EXPECT_THAT(Problems(v), HasSubstr("citation.periods: 1 to 12"));
}

TEST(Citation, AsksPublishedFiguresAndKeepsThemInItsOrder) {
  const v1::EvidenceCitation c = Served();
  const monitoring::v1::GetAnalyticsRequest q = QuestionOf(c);
  EXPECT_TRUE(q.accepted_only());
  EXPECT_THAT(q.indicators(), ::testing::ElementsAre("indicators/beneficiaries-served"));
  EXPECT_THAT(q.org_units(), ::testing::ElementsAre("territories/am-su"));
  EXPECT_THAT(q.periods(), ::testing::ElementsAre("2025", "2026Q1"));
  monitoring::v1::Analytics answer;
  auto* row = answer.add_rows();
  row->set_indicator(c.indicator());
  row->set_org_unit(c.territory());
  row->set_period("2026Q1");
  row->set_value(88);
  row->set_figures(6);
  auto* other = answer.add_rows();  // another territory's: not this citation's
  *other = *row;
  other->set_org_unit("territories/am");
  other->set_value(1000);
  const std::vector<v1::CitedFigure> figures = FiguresOf(c, answer);
  ASSERT_EQ(figures.size(), 2u);
  EXPECT_EQ(figures[0].period(), "2025");
  EXPECT_EQ(figures[0].figures(), 0);  // nothing published for it
  EXPECT_EQ(figures[1].period(), "2026Q1");
  EXPECT_EQ(figures[1].value(), 88);
  EXPECT_EQ(figures[1].figures(), 6);
}

TEST(Citation, KeptByThoseWhoRecordUpToTheLimitStamped) {
  v1::Campaign campaign = Contracting();
  campaign.set_state(v1::CAMPAIGN_ACTIVE);
  const absl::Time now = absl::FromUnixSeconds(1'790'000'000);
  EXPECT_EQ(Walk(CiteCampaignEvidenceTransition(Served(), "s", now), ActingFor("ivc-md"), &campaign)
                .code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(Walk(CiteCampaignEvidenceTransition(Served(), "staff@apscf-md", now),
                   ActingFor("apscf-md"), &campaign)
                  .ok());
  ASSERT_EQ(campaign.evidence_size(), 1);
  EXPECT_EQ(campaign.evidence(0).actor(), "staff@apscf-md");
  EXPECT_EQ(campaign.evidence(0).cite_time().seconds(), 1'790'000'000);
  while (campaign.evidence_size() < kMaxCitations) *campaign.add_evidence() = Served();
  EXPECT_EQ(Walk(CiteCampaignEvidenceTransition(Served(), "s", now), Admin(), &campaign).code(),
            absl::StatusCode::kFailedPrecondition);
  campaign.clear_evidence();
  campaign.set_state(v1::CAMPAIGN_CLOSED);
  EXPECT_EQ(Walk(CiteCampaignEvidenceTransition(Served(), "s", now), Admin(), &campaign).code(),
            absl::StatusCode::kFailedPrecondition);
  // A policy item's, by its campaign's coalition.
  v1::PolicyItem item;
  item.set_name("policyItems/p");
  item.set_state(v1::POLICY_ADOPTED);
  EXPECT_EQ(Walk(CitePolicyItemEvidenceTransition(Contracting(), Served(), "s", now),
                 ActingFor("other-md"), &item)
                .code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(Walk(CitePolicyItemEvidenceTransition(Contracting(), Served(), "s", now),
                   ActingFor("aopd-md"), &item)
                  .ok());
  EXPECT_EQ(item.evidence_size(), 1);
}

}  // namespace
}  // namespace civitas::advocacy
