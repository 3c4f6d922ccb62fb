// Campaigns: who acts and reads by their part in the campaign, the field rules, and the state
// machine planned -> active <-> paused -> closed with its reasons and history.
#include "services/advocacy/domain/campaigns.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/advocacy/advocacy_test_values.h"

namespace civitas::advocacy {
namespace {

using ::testing::HasSubstr;

TEST(CampaignAccess, EachPartActsAsItsRoleAllows) {
  const v1::Campaign c = Contracting();
  EXPECT_EQ(PartIn(ActingFor("keystone-md"), c), CampaignPart::kLead);
  EXPECT_EQ(PartIn(ActingFor("aopd-md"), c), CampaignPart::kCoLead);
  EXPECT_EQ(PartIn(ActingFor("apscf-md"), c), CampaignPart::kMember);
  EXPECT_EQ(PartIn(ActingFor("ivc-md"), c), CampaignPart::kSupporter);
  EXPECT_EQ(PartIn(ActingFor("other-md"), c), CampaignPart::kNone);
  EXPECT_EQ(PartIn(Admin(), c), CampaignPart::kAdmin);
  EXPECT_EQ(PartIn(Principal{}, c), CampaignPart::kNone);

  for (const char* steers : {"keystone-md", "aopd-md"}) {
    EXPECT_TRUE(AuthorizeCampaignSteering(ActingFor(steers), c).ok()) << steers;
  }
  EXPECT_TRUE(AuthorizeCampaignSteering(Admin(), c).ok());
  for (const char* not_steering : {"apscf-md", "ivc-md", "other-md"}) {
    absl::Status s = AuthorizeCampaignSteering(ActingFor(not_steering), c);
    EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << not_steering;
    EXPECT_THAT(s.message(), HasSubstr("only the lead organisation and CO_LEADs"));
  }
  for (const char* records : {"keystone-md", "aopd-md", "apscf-md"}) {
    EXPECT_TRUE(AuthorizeActivityRecording(ActingFor(records), c).ok()) << records;
  }
  for (const char* not_recording : {"ivc-md", "other-md"}) {
    absl::Status s = AuthorizeActivityRecording(ActingFor(not_recording), c);
    EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << not_recording;
    EXPECT_THAT(s.message(), HasSubstr("CO_LEADs and MEMBERs"));
  }
}

TEST(CampaignAccess, AnUnpublishedCampaignIsReadByItsCoalitionOnly) {
  v1::Campaign c = Contracting();
  EXPECT_TRUE(CanReadCampaign(ActingFor("ivc-md"), c));
  EXPECT_TRUE(CanReadCampaign(Admin(), c));
  EXPECT_FALSE(CanReadCampaign(ActingFor("other-md"), c));
  EXPECT_FALSE(CanReadCampaign(Principal{}, c));
  Principal ministry;
  ministry.subject = "minister";
  ministry.roles = {kRoleMinistry};
  EXPECT_FALSE(CanReadCampaign(ministry, c));
  c.set_published(true);
  EXPECT_TRUE(CanReadCampaign(Principal{}, c));
  EXPECT_TRUE(CanReadCampaign(ministry, c));
}

TEST(CampaignAccess, ACampaignIsLedByTheCallersOwnOrganisation) {
  const v1::Campaign c = Contracting();
  EXPECT_TRUE(
      AuthorizeCampaignChange(ActingFor("keystone-md"), records::Change::kCreate, nullptr, c).ok());
  EXPECT_TRUE(AuthorizeCampaignChange(Admin(), records::Change::kCreate, nullptr, c).ok());
  absl::Status other =
      AuthorizeCampaignChange(ActingFor("aopd-md"), records::Change::kCreate, nullptr, c);
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(other.message(), HasSubstr("caller's own organisation (organizations/aopd-md)"));
  Principal nobody;
  nobody.subject = "someone";
  nobody.roles = {kRoleCso};
  EXPECT_EQ(AuthorizeCampaignChange(nobody, records::Change::kCreate, nullptr, c).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(CampaignAccess, ARunningCampaignIsClosedBeforeItIsDeletedAndAClosedOneIsFrozen) {
  v1::Campaign c = Contracting();
  const Principal lead = ActingFor("keystone-md");
  EXPECT_TRUE(AuthorizeCampaignChange(lead, records::Change::kArchive, &c, c).ok());
  for (v1::CampaignState running : {v1::CAMPAIGN_ACTIVE, v1::CAMPAIGN_PAUSED}) {
    c.set_state(running);
    absl::Status s = AuthorizeCampaignChange(lead, records::Change::kArchive, &c, c);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(s.message(), HasSubstr("close it first"));
    EXPECT_TRUE(AuthorizeCampaignChange(lead, records::Change::kUpdate, &c, c).ok());
  }
  c.set_state(v1::CAMPAIGN_CLOSED);
  EXPECT_TRUE(AuthorizeCampaignChange(lead, records::Change::kArchive, &c, c).ok());
  absl::Status frozen = AuthorizeCampaignChange(lead, records::Change::kUpdate, &c, c);
  EXPECT_EQ(frozen.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(frozen.message(), HasSubstr("frozen"));
  // A member may not delete even a planned campaign.
  c.set_state(v1::CAMPAIGN_PLANNED);
  EXPECT_EQ(AuthorizeCampaignChange(ActingFor("apscf-md"), records::Change::kArchive, &c, c).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(ValidateCampaign, AcceptsAWellFormedCampaign) {
  Violations v;
  ValidateCampaign(Contracting(), &v);
  EXPECT_TRUE(v.empty()) << Problems(v);
}

TEST(ValidateCampaign, NamesEveryBrokenField) {
  v1::Campaign c = Contracting();
  c.clear_policy_ask();
  c.set_lead_organization("keystone-md");
  c.mutable_decision_makers(0)->set_office("");
  c.mutable_coalition(1)->set_role(v1::COALITION_ROLE_UNSPECIFIED);
  c.mutable_coalition(2)->set_organization("organizations/keystone-md");
  auto* twice = c.add_coalition();
  twice->set_organization("organizations/aopd-md");
  twice->set_role(v1::MEMBER);
  c.add_territories("territories/md");
  c.set_start_date("2026-02-30");
  c.set_end_date("2025-12-31");
  c.mutable_budget()->set_currency_code("XXX");
  c.set_funding_grant("programmes/eu");
  Violations v;
  ValidateCampaign(c, &v);
  const std::string problems = Problems(v);
  EXPECT_THAT(problems, HasSubstr("campaign.policy_ask:"));
  EXPECT_THAT(problems, HasSubstr("campaign.lead_organization:"));
  EXPECT_THAT(problems, HasSubstr("campaign.decision_makers[0].office:"));
  EXPECT_THAT(problems, HasSubstr("campaign.coalition[1].role: is required"));
  EXPECT_THAT(problems, HasSubstr("campaign.coalition[3].organization: organizations/aopd-md is a "
                                  "member already"));
  EXPECT_THAT(problems, HasSubstr("campaign.territories[1]: territories/md is listed twice"));
  EXPECT_THAT(problems, HasSubstr("campaign.start_date:"));
  EXPECT_THAT(problems, HasSubstr("campaign.budget"));
  EXPECT_THAT(problems, HasSubstr("campaign.funding_grant:"));
  // The lead in its own coalition is named (with its lead organisation valid again).
  c = Contracting();
  c.mutable_coalition(2)->set_organization("organizations/keystone-md");
  v = Violations();
  ValidateCampaign(c, &v);
  EXPECT_THAT(Problems(v), HasSubstr("campaign.coalition[2].organization: is the lead"));
  c = Contracting();
  c.set_end_date("2025-12-31");
  v = Violations();
  ValidateCampaign(c, &v);
  EXPECT_THAT(Problems(v), HasSubstr("campaign.end_date: must not be before"));
}

TEST(CampaignTransitions, PlannedActivePausedClosedWithReasonsInTheHistory) {
  v1::Campaign c = Contracting();
  const Principal lead = ActingFor("keystone-md");
  const absl::Time t0 = absl::FromUnixSeconds(1'790'000'000);
  // Nothing but activation starts from PLANNED (a pause of a planned campaign names its state).
  absl::Status early = Walk(PauseCampaignTransition("staff", "elections", t0), lead, &c);
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.message(), HasSubstr("CAMPAIGN_PLANNED"));
  ASSERT_TRUE(Walk(ActivateCampaignTransition("staff@keystone-md", t0), lead, &c).ok());
  EXPECT_EQ(c.state(), v1::CAMPAIGN_ACTIVE);
  // A pause needs its reason, and a member may not pause.
  absl::Status no_reason = Walk(PauseCampaignTransition("staff", "", t0), lead, &c);
  EXPECT_EQ(no_reason.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(no_reason.message(), HasSubstr("reason"));
  EXPECT_EQ(Walk(PauseCampaignTransition("m", "x", t0), ActingFor("apscf-md"), &c).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(c.state(), v1::CAMPAIGN_ACTIVE);
  ASSERT_TRUE(
      Walk(PauseCampaignTransition("staff@aopd-md", "parliamentary elections", t0 + absl::Hours(1)),
           ActingFor("aopd-md"), &c)
          .ok());
  EXPECT_EQ(c.state(), v1::CAMPAIGN_PAUSED);
  EXPECT_EQ(c.state_reason(), "parliamentary elections");
  ASSERT_TRUE(
      Walk(ResumeCampaignTransition("staff@keystone-md", t0 + absl::Hours(2)), lead, &c).ok());
  EXPECT_EQ(c.state_reason(), "");
  ASSERT_TRUE(Walk(CloseCampaignTransition("admin", "the law was amended", t0 + absl::Hours(3)),
                   Admin(), &c)
                  .ok());
  EXPECT_EQ(c.state(), v1::CAMPAIGN_CLOSED);
  ASSERT_EQ(c.state_history_size(), 4);
  EXPECT_EQ(c.state_history(0).state(), v1::CAMPAIGN_ACTIVE);
  EXPECT_EQ(c.state_history(1).state(), v1::CAMPAIGN_PAUSED);
  EXPECT_EQ(c.state_history(1).reason(), "parliamentary elections");
  EXPECT_EQ(c.state_history(1).actor(), "staff@aopd-md");
  EXPECT_EQ(c.state_history(1).time().seconds(), 1'790'000'000 + 3600);
  EXPECT_EQ(c.state_history(3).state(), v1::CAMPAIGN_CLOSED);
  EXPECT_EQ(c.state_history(3).reason(), "the law was amended");
  // Closed is final.
  for (const auto& t : {ActivateCampaignTransition("a", t0), ResumeCampaignTransition("a", t0),
                        CloseCampaignTransition("a", "again", t0)}) {
    EXPECT_EQ(Walk(t, Admin(), &c).code(), absl::StatusCode::kFailedPrecondition) << t.event;
  }
  EXPECT_FALSE(TakesActivities(v1::CAMPAIGN_CLOSED));
  EXPECT_FALSE(TakesActivities(v1::CAMPAIGN_ARCHIVED));
  EXPECT_TRUE(TakesActivities(v1::CAMPAIGN_PAUSED));
}

TEST(CampaignTransitions, ABlankReasonIsNoReason) {
  v1::Campaign c = Contracting();
  c.set_state(v1::CAMPAIGN_ACTIVE);
  absl::Status blank = Walk(PauseCampaignTransition("a", " \t ", absl::Now()), Admin(), &c);
  EXPECT_EQ(blank.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(blank.message(), HasSubstr("not only blanks"));
  EXPECT_EQ(c.state(), v1::CAMPAIGN_ACTIVE);
}

TEST(ValidateCampaign, AnEnumNumberOutsideTheEnumIsNamedAsSuch) {
  v1::Campaign c = Contracting();
  c.mutable_coalition(0)->set_role(static_cast<v1::CoalitionRole>(99));
  Violations v;
  ValidateCampaign(c, &v);
  EXPECT_THAT(Problems(v), HasSubstr("campaign.coalition[0].role: 99 is not a CoalitionRole"));
}

TEST(CampaignTransitions, AReasonLongerThanTheLimitIsRefused) {
  v1::Campaign c = Contracting();
  c.set_state(v1::CAMPAIGN_ACTIVE);
  const std::string reason(kMaxReasonLength + 1, 'x');
  EXPECT_EQ(Walk(CloseCampaignTransition("a", reason, absl::Now()), Admin(), &c).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(c.state(), v1::CAMPAIGN_ACTIVE);
}

}  // namespace
}  // namespace civitas::advocacy
