// Activities: the field rules, and a campaign's reach as the sum of its activities' through every
// change (record, edit, archive).
#include "services/advocacy/domain/activities.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/advocacy/advocacy_test_values.h"

namespace civitas::advocacy {
namespace {

using ::testing::HasSubstr;

TEST(ValidateActivity, AcceptsAWellFormedActivity) {
  Violations v;
  ValidateActivity(Hearing(), &v);
  EXPECT_TRUE(v.empty()) << Problems(v);
}

TEST(ValidateActivity, NamesEveryBrokenField) {
  v1::Activity a = Hearing();
  a.set_campaign("md-contracting");
  a.set_kind(v1::ACTIVITY_KIND_UNSPECIFIED);
  a.clear_title();
  a.set_date("2026-13-01");
  a.add_organizers("organizations/aopd-md");
  a.mutable_participants(0)->set_women(-1);
  a.mutable_participants(1)->set_men(kMaxParticipants + 1);
  a.add_participants()->set_women(1);  // a second entry without an organisation
  a.set_views(-5);
  auto* output = a.add_outputs();
  output->set_title("Recording");
  output->set_uri("javascript:alert(1)");
  Violations v;
  ValidateActivity(a, &v);
  const std::string problems = Problems(v);
  EXPECT_THAT(problems, HasSubstr("activity.campaign:"));
  EXPECT_THAT(problems, HasSubstr("activity.kind: is required"));
  EXPECT_THAT(problems, HasSubstr("activity.title:"));
  EXPECT_THAT(problems, HasSubstr("activity.date:"));
  EXPECT_THAT(problems, HasSubstr("activity.organizers[1]: organizations/aopd-md is listed twice"));
  EXPECT_THAT(problems, HasSubstr("activity.participants[0].women: must be 0..10000000"));
  EXPECT_THAT(problems, HasSubstr("activity.participants[1].men:"));
  EXPECT_THAT(problems, HasSubstr("activity.participants[2].organization: participants without"));
  EXPECT_THAT(problems, HasSubstr("activity.views:"));
  EXPECT_THAT(problems, HasSubstr("activity.outputs[0].uri: must be an https://"));
  // An address needs a host, and no blanks.
  for (const char* uri : {"http://", "https:///path", "https://exa mple.org/a", "https://x\ty"}) {
    v1::Activity bad = Hearing();
    auto* o = bad.add_outputs();
    o->set_title("Recording");
    o->set_uri(uri);
    Violations w;
    ValidateActivity(bad, &w);
    EXPECT_THAT(Problems(w), HasSubstr("activity.outputs[0].uri:")) << uri;
  }
  v1::Activity good = Hearing();
  auto* o = good.add_outputs();
  o->set_title("Recording");
  o->set_uri("https://example.org/tv8?x=1#t");
  Violations none;
  ValidateActivity(good, &none);
  EXPECT_TRUE(none.empty()) << Problems(none);
}

TEST(Reach, AnActivityCountsItsParticipantsBySexAudienceAndViews) {
  const v1::CampaignReach r = ReachOf(Hearing());
  EXPECT_EQ(r.activities(), 1);
  EXPECT_EQ(r.participants_women(), 43);
  EXPECT_EQ(r.participants_men(), 30);
  EXPECT_EQ(r.participants_other(), 6);
  EXPECT_EQ(r.audience(), 77);
  EXPECT_EQ(r.views(), 5);
  v1::Activity archived = Hearing();
  archived.set_state(v1::ACTIVITY_ARCHIVED);
  EXPECT_EQ(ReachOf(archived).SerializeAsString(), v1::CampaignReach().SerializeAsString());
}

// What the store does with a plan's totals: each delta added to its field of its hash.
void ApplyTotals(const std::vector<TotalChange>& changes, Totals* totals) {
  for (const TotalChange& c : changes) {
    EXPECT_EQ(c.key, ReachTotalsKey("campaigns/c1"));
    (*totals)[c.field] += c.delta;
  }
}

TEST(Reach, TheCampaignsTotalsFollowEveryChangeOfItsActivities) {
  Totals totals;
  v1::Activity hearing = Hearing();
  hearing.set_campaign("campaigns/c1");
  ApplyTotals(ReachChanges(nullptr, hearing), &totals);
  v1::Activity tv = hearing;
  tv.set_name("activities/tv");
  tv.clear_participants();
  tv.set_audience(85000);
  tv.set_views(12400);
  ApplyTotals(ReachChanges(nullptr, tv), &totals);
  v1::CampaignReach reach = ReachFromTotals(totals);
  EXPECT_EQ(reach.activities(), 2);
  EXPECT_EQ(reach.audience(), 85077);
  EXPECT_EQ(reach.participants_women(), 43);
  // An edit that changes no count moves nothing.
  v1::Activity retitled = hearing;
  (*retitled.mutable_title())["ro"] = "Audieri publice";
  EXPECT_TRUE(ReachChanges(&hearing, retitled).empty());
  // An edit moves them by the difference, in the figures it changes only.
  v1::Activity recounted = hearing;
  recounted.mutable_participants(1)->set_women(50);
  const std::vector<TotalChange> recount = ReachChanges(&hearing, recounted);
  ASSERT_EQ(recount.size(), 1u);
  EXPECT_EQ(recount[0].field, "participants_women");
  ApplyTotals(recount, &totals);
  EXPECT_EQ(ReachFromTotals(totals).participants_women(), 52);
  // Archiving takes the activity out entirely.
  v1::Activity archived = recounted;
  archived.set_state(v1::ACTIVITY_ARCHIVED);
  ApplyTotals(ReachChanges(&recounted, archived), &totals);
  EXPECT_EQ(ReachFromTotals(totals).SerializeAsString(), ReachOf(tv).SerializeAsString());
}

}  // namespace
}  // namespace civitas::advocacy
