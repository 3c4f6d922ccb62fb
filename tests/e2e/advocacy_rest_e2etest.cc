// End to end over REST: a campaign from its ask to its close, by the roles its coalition gives,
// through the gateway against real registry, grants and advocacy services: activities move the
// campaign's reach in the same write (also when recorded at once by many members), an unpublished
// campaign is invisible to others, a change by the wrong organisation is 403 naming the rule, a
// closed campaign is frozen, and bad input is refused naming the field with nothing written.
// Commitments are followed to their outcome with dated evidence (an overdue one listed for the
// coalition and alerted once), and policy items move through the pipeline a stage at a time.
// Part of the accreditation e2e binary (its stack, with advocacy's overdue alerts every second,
// and territories ac-md, ac-md-cu).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "tests/e2e/civitas_stack.h"
#include "tests/e2e/rest_steps.h"

namespace civitas::testing {
namespace {

using ::testing::HasSubstr;

// A CSO `id` in the registry and a token acting for it.
std::string Cso(const std::string& id) {
  Reply r = Send("POST", "/v1/organizations?organizationId=" + id, rest_stack->Token("admin"),
                 absl::StrCat(R"({"type":"CSO","displayName":{"en":")", id,
                              R"("},"territories":["territories/ac-md"]})"));
  EXPECT_TRUE(r.status == 200 || r.status == 409) << r.text;
  return rest_stack->Token("cso", "organizations/" + id, "staff@" + id);
}

std::string CampaignBody(const std::string& lead, bool published) {
  return absl::StrCat(
      R"({"displayName":{"en":"Contract social services from CSOs"},)",
      R"("policyAsk":{"en":"Municipalities contract community services from CSOs"},)",
      R"("decisionMakers":[{"office":"Minister of Labour and Social Protection"}],)",
      R"("leadOrganization":"organizations/)", lead, R"(",)",
      R"("coalition":[{"organization":"organizations/adv-co","role":"CO_LEAD"},)",
      R"({"organization":"organizations/adv-member","role":"MEMBER"},)",
      R"({"organization":"organizations/adv-supporter","role":"SUPPORTER"}],)",
      R"("territories":["territories/ac-md"],"startDate":"2026-01-01",)",
      R"("budget":{"currencyCode":"EUR","amountMinor":"4500000"},"published":)",
      published ? "true" : "false", "}");
}

std::string Activity(const std::string& campaign, int women, int men, int audience) {
  return absl::StrCat(R"({"campaign":")", campaign, R"(","kind":"PUBLIC_HEARING",)",
                      R"("title":{"en":"Public hearing"},"date":"2026-10-01",)",
                      R"("participants":[{"organization":"organizations/adv-member","women":)",
                      women, R"(,"men":)", men, R"(},{"women":1,"other":2}],"audience":)", audience,
                      "}");
}

class AdvocacyRestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lead_ = Cso("adv-lead");
    co_ = Cso("adv-co");
    member_ = Cso("adv-member");
    supporter_ = Cso("adv-supporter");
    outsider_ = Cso("adv-outsider");
  }
  std::string lead_, co_, member_, supporter_, outsider_;
};

TEST_F(AdvocacyRestTest, ACampaignFromItsAskToItsCloseByEachRole) {
  // Another organisation cannot create a campaign led by this one.
  Reply foreign =
      Send("POST", "/v1/campaigns?campaignId=adv-c1", outsider_, CampaignBody("adv-lead", false));
  EXPECT_EQ(foreign.status, 403) << foreign.text;
  EXPECT_THAT(foreign.text, HasSubstr("caller's own organisation"));
  Must(200, "POST", "/v1/campaigns?campaignId=adv-c1", lead_, CampaignBody("adv-lead", false));
  // Unpublished: the coalition reads it (the supporter too), others get 404.
  Must(200, "GET", "/v1/campaigns/adv-c1", supporter_);
  Must(404, "GET", "/v1/campaigns/adv-c1", outsider_);
  Must(404, "GET", "/v1/campaigns/adv-c1", "");
  // The supporter and the member may not steer it; the rule is named.
  Reply steer = Send("POST", "/v1/campaigns/adv-c1:activate", member_, "{}");
  EXPECT_EQ(steer.status, 403) << steer.text;
  EXPECT_THAT(steer.text, HasSubstr("only the lead organisation and CO_LEADs"));
  auto active = Must(200, "POST", "/v1/campaigns/adv-c1:activate", co_, "{}");
  EXPECT_EQ(At(active, "state"), "CAMPAIGN_ACTIVE");
  // Activities: the member records, the supporter and outsiders may not (an outsider sees no
  // campaign at all).
  Reply by_supporter = Send("POST", "/v1/activities?activityId=adv-a0", supporter_,
                            Activity("campaigns/adv-c1", 1, 1, 1));
  EXPECT_EQ(by_supporter.status, 403) << by_supporter.text;
  EXPECT_THAT(by_supporter.text, HasSubstr("CO_LEADs and MEMBERs"));
  Reply by_outsider = Send("POST", "/v1/activities?activityId=adv-a0", outsider_,
                           Activity("campaigns/adv-c1", 1, 1, 1));
  EXPECT_EQ(by_outsider.status, 400) << by_outsider.text;
  EXPECT_THAT(by_outsider.text, HasSubstr("campaigns/adv-c1 does not exist"));
  Must(200, "POST", "/v1/activities?activityId=adv-a1", member_,
       Activity("campaigns/adv-c1", 3, 2, 40));
  auto read = Must(200, "GET", "/v1/campaigns/adv-c1", lead_);
  EXPECT_EQ(At(read, "reach.activities"), "1");
  EXPECT_EQ(At(read, "reach.participantsWomen"), "4");
  EXPECT_EQ(At(read, "reach.participantsMen"), "2");
  EXPECT_EQ(At(read, "reach.participantsOther"), "2");
  EXPECT_EQ(At(read, "reach.audience"), "40");
  // An edit moves the reach by the difference; a delete takes the activity out.
  Must(200, "POST", "/v1/activities?activityId=adv-a2", lead_,
       Activity("campaigns/adv-c1", 10, 10, 100));
  Must(200, "PATCH", "/v1/activities/adv-a2?updateMask=audience", member_, R"({"audience":150})");
  EXPECT_EQ(At(Must(200, "GET", "/v1/campaigns/adv-c1", lead_), "reach.audience"), "190");
  Must(200, "DELETE", "/v1/activities/adv-a1", co_, "");
  read = Must(200, "GET", "/v1/campaigns/adv-c1", lead_);
  EXPECT_EQ(At(read, "reach.activities"), "1");
  EXPECT_EQ(At(read, "reach.audience"), "150");
  EXPECT_EQ(At(read, "reach.participantsWomen"), "11");
  // The reach is the service's: a client's value is refused or ignored, never stored.
  Reply reach = Send("PATCH", "/v1/campaigns/adv-c1?updateMask=reach", lead_,
                     R"({"reach":{"activities":99}})");
  EXPECT_EQ(reach.status, 400) << reach.text;
  // Pausing needs a reason; the history keeps who and why.
  Reply no_reason = Send("POST", "/v1/campaigns/adv-c1:pause", lead_, "{}");
  EXPECT_EQ(no_reason.status, 400) << no_reason.text;
  EXPECT_THAT(no_reason.text, HasSubstr("reason"));
  auto paused = Must(200, "POST", "/v1/campaigns/adv-c1:pause", lead_,
                     R"({"reason":"parliamentary elections"})");
  EXPECT_EQ(At(paused, "state"), "CAMPAIGN_PAUSED");
  EXPECT_EQ(At(paused, "stateReason"), "parliamentary elections");
  // A running campaign is closed before it is deleted.
  Reply early_delete = Send("DELETE", "/v1/campaigns/adv-c1", lead_, "");
  EXPECT_EQ(early_delete.status, 400) << early_delete.text;
  EXPECT_THAT(early_delete.text, HasSubstr("close it first"));
  Must(200, "POST", "/v1/campaigns/adv-c1:resume", co_, "{}");
  Must(200, "PATCH", "/v1/campaigns/adv-c1?updateMask=published", lead_, R"({"published":true})");
  Must(200, "GET", "/v1/campaigns/adv-c1", "");
  Must(200, "GET", "/v1/activities/adv-a2", "");
  auto closed = Must(200, "POST", "/v1/campaigns/adv-c1:close", lead_,
                     R"({"reason":"the ministry adopted the contracting regulation"})");
  EXPECT_EQ(At(closed, "state"), "CAMPAIGN_CLOSED");
  // Closed is frozen: no activity, no edit, no state change.
  Reply late = Send("POST", "/v1/activities?activityId=adv-a3", member_,
                    Activity("campaigns/adv-c1", 1, 1, 1));
  EXPECT_EQ(late.status, 400) << late.text;
  EXPECT_THAT(late.text, HasSubstr("is CAMPAIGN_CLOSED"));
  EXPECT_EQ(Send("PATCH", "/v1/activities/adv-a2?updateMask=audience", member_, R"({"audience":1})")
                .status,
            400);
  EXPECT_EQ(
      Send("PATCH", "/v1/campaigns/adv-c1?updateMask=published", lead_, R"({"published":false})")
          .status,
      400);
  EXPECT_EQ(Send("POST", "/v1/campaigns/adv-c1:activate", lead_, "{}").status, 400);
  auto after = Must(200, "GET", "/v1/campaigns/adv-c1", "");
  EXPECT_EQ(At(after, "reach.audience"), "150");
  auto archived = Must(200, "DELETE", "/v1/campaigns/adv-c1", lead_, "");
  EXPECT_EQ(At(archived, "state"), "CAMPAIGN_ARCHIVED");
}

TEST_F(AdvocacyRestTest, ActivitiesRecordedAtOnceAreAllCountedInTheReach) {
  const std::string etag = At(
      Must(200, "POST", "/v1/campaigns?campaignId=adv-c2", lead_, CampaignBody("adv-lead", true)),
      "etag");
  // Each activity adds to its campaign's totals in its own write: none waits for another.
  constexpr int kWriters = 48;
  std::vector<std::thread> writers;
  std::vector<int> statuses(kWriters);
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      statuses[i] = Send("POST", absl::StrCat("/v1/activities?activityId=adv-c2-", i),
                         i % 2 == 0 ? member_ : co_, Activity("campaigns/adv-c2", i, 1, 10))
                        .status;
    });
  }
  for (std::thread& t : writers) t.join();
  for (int i = 0; i < kWriters; ++i) EXPECT_EQ(statuses[i], 200) << i;
  auto read = Must(200, "GET", "/v1/campaigns/adv-c2", "");
  EXPECT_EQ(At(read, "reach.activities"), absl::StrCat(kWriters));
  // 0 + 1 + ... + 15 women of the member, one more each without an organisation.
  EXPECT_EQ(At(read, "reach.participantsWomen"),
            absl::StrCat(kWriters * (kWriters - 1) / 2 + kWriters));
  EXPECT_EQ(At(read, "reach.audience"), absl::StrCat(10 * kWriters));
  auto listed = Must(200, "GET",
                     "/v1/activities?filter=campaign%3D%22campaigns%2Fadv-c2%22"
                     "&pageSize=100",
                     "");
  EXPECT_EQ(listed.fields().at("activities").list_value().values_size(), kWriters);
  // The reach moved the campaign's etag (a conditional GET sees it) but not what If-Match checks:
  // the lead's edit with the etag read before the activities still applies.
  EXPECT_NE(At(read, "etag"), etag);
  auto conditional = rest_stack->Call("GET", "/v1/campaigns/adv-c2", "", "",
                                      {{"If-None-Match", absl::StrCat("\"", etag, "\"")}});
  ASSERT_TRUE(conditional.ok());
  EXPECT_EQ(conditional->status, 200);
  auto edited = rest_stack->Call("PATCH", "/v1/campaigns/adv-c2?updateMask=budget", lead_,
                                 R"({"budget":{"currencyCode":"EUR","amountMinor":"100"}})",
                                 {{"If-Match", absl::StrCat("\"", etag, "\"")}});
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->status, 200) << edited->body;
  EXPECT_THAT(edited->body, HasSubstr(absl::StrCat("\"audience\":\"", 10 * kWriters, "\"")));
}

TEST_F(AdvocacyRestTest, BadInputIsRefusedNamingTheFieldAndNothingIsWritten) {
  // Unregistered references, by field.
  Reply unknown = Send(
      "POST", "/v1/campaigns?campaignId=adv-bad", lead_,
      absl::StrCat(R"({"displayName":{"en":"x"},"policyAsk":{"en":"y"},)",
                   R"("leadOrganization":"organizations/adv-lead",)",
                   R"("coalition":[{"organization":"organizations/adv-nobody","role":"MEMBER"}],)",
                   R"("territories":["territories/nowhere"],"fundingGrant":"grants/nope"})"));
  EXPECT_EQ(unknown.status, 400) << unknown.text;
  EXPECT_THAT(unknown.text, HasSubstr("campaign.coalition[0].organization"));
  EXPECT_THAT(unknown.text, HasSubstr("campaign.territories[0]"));
  EXPECT_THAT(unknown.text, HasSubstr("campaign.funding_grant"));
  // Wrong types and malformed text.
  Reply wrong = Send("POST", "/v1/campaigns?campaignId=adv-bad", lead_,
                     R"({"displayName":{"en":"x"},"policyAsk":"not a map"})");
  EXPECT_EQ(wrong.status, 400) << wrong.text;
  Reply bad_utf8 = Send("POST", "/v1/campaigns?campaignId=adv-bad", lead_,
                        "{\"displayName\":{\"en\":\"\xff\xfe\"},\"policyAsk\":{\"en\":\"y\"},"
                        "\"leadOrganization\":\"organizations/adv-lead\"}");
  EXPECT_EQ(bad_utf8.status, 400) << bad_utf8.text;
  Must(404, "GET", "/v1/campaigns/adv-bad", lead_);
  // An activity's counts and links.
  Must(200, "POST", "/v1/campaigns?campaignId=adv-c3", lead_, CampaignBody("adv-lead", false));
  Reply counts = Send("POST", "/v1/activities?activityId=adv-bad", lead_,
                      R"({"campaign":"campaigns/adv-c3","kind":"SEMINAR","title":{"en":"t"},)"
                      R"("date":"2026-02-30","participants":[{"women":-1}],)"
                      R"("outputs":[{"title":"x","uri":"ftp://example.org/a"}]})");
  EXPECT_EQ(counts.status, 400) << counts.text;
  EXPECT_THAT(counts.text, HasSubstr("activity.date"));
  EXPECT_THAT(counts.text, HasSubstr("activity.participants[0].women"));
  EXPECT_THAT(counts.text, HasSubstr("activity.outputs[0].uri"));
  Must(404, "GET", "/v1/activities/adv-bad", lead_);
  EXPECT_EQ(At(Must(200, "GET", "/v1/campaigns/adv-c3", lead_), "reach.activities"), "");
}

TEST_F(AdvocacyRestTest, ACommitmentFollowedToItsOutcomeAndAPolicyThroughThePipeline) {
  Must(200, "POST", "/v1/campaigns?campaignId=adv-c4", lead_, CampaignBody("adv-lead", false));
  // Due long ago and still open: overdue, listed for the coalition, alerted once by the job.
  auto made = Must(200, "POST", "/v1/commitments?commitmentId=adv-k1", member_,
                   R"({"campaign":"campaigns/adv-c4","description":{"en":"Approve unit costs"},)"
                   R"("office":"Minister of Labour","madeDate":"2026-01-10",)"
                   R"("dueDate":"2026-03-31"})");
  EXPECT_EQ(At(made, "state"), "COMMITMENT_MADE");
  Reply by_supporter = Send("POST", "/v1/commitments?commitmentId=adv-k0", supporter_,
                            R"({"campaign":"campaigns/adv-c4","description":{"en":"x"},)"
                            R"("office":"o","madeDate":"2026-01-10","dueDate":"2026-03-31"})");
  EXPECT_EQ(by_supporter.status, 403) << by_supporter.text;
  auto overdue = Must(200, "GET", "/v1/commitments:overdue?campaign=campaigns%2Fadv-c4", member_);
  ASSERT_EQ(overdue.fields().at("commitments").list_value().values_size(), 1);
  Must(200, "GET", "/v1/commitments:overdue", outsider_);
  EXPECT_THAT(Send("GET", "/v1/commitments:overdue", outsider_).text,
              ::testing::Not(HasSubstr("adv-k1")));
  // The job alerts it once (every second here): its alert time is set, then stays.
  std::string alerted;
  for (int i = 0; i < 100 && alerted.empty(); ++i) {
    alerted = At(Must(200, "GET", "/v1/commitments/adv-k1", lead_), "overdueAlertTime");
    if (alerted.empty()) absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_FALSE(alerted.empty()) << "no overdue alert within 10 s";
  const std::string etag = At(Must(200, "GET", "/v1/commitments/adv-k1", lead_), "etag");
  absl::SleepFor(absl::Milliseconds(2500));
  auto later = Must(200, "GET", "/v1/commitments/adv-k1", lead_);
  EXPECT_EQ(At(later, "etag"), etag) << "alerted more than once";
  EXPECT_EQ(At(later, "overdueAlertTime"), alerted);
  // Evidence is required; the member records the steps, each with its evidence.
  Reply bare = Send("POST", "/v1/commitments/adv-k1:start", member_, "{}");
  EXPECT_EQ(bare.status, 400) << bare.text;
  EXPECT_THAT(bare.text, HasSubstr("evidence.date"));
  Must(200, "POST", "/v1/commitments/adv-k1:start", member_,
       R"({"evidence":{"date":"2026-04-02","description":"Draft decision published"}})");
  // An outsider neither reads it nor finds it listed (the campaign is unpublished).
  Must(404, "GET", "/v1/commitments/adv-k1", outsider_);
  EXPECT_EQ(
      Must(200, "GET", "/v1/commitments?filter=campaign%3D%22campaigns%2Fadv-c4%22", outsider_)
          .fields()
          .count("commitments"),
      0u);
  // The campaign closes; its commitments are still followed to their outcome, and it cannot be
  // archived while one is open (its records would be frozen with it).
  Must(200, "POST", "/v1/campaigns/adv-c4:close", lead_, R"({"reason":"merged into adv-c1"})");
  Reply stranded = Send("DELETE", "/v1/campaigns/adv-c4", lead_, "");
  EXPECT_EQ(stranded.status, 400) << stranded.text;
  EXPECT_THAT(stranded.text, HasSubstr("still made or in progress"));
  auto kept = Must(200, "POST", "/v1/commitments/adv-k1:fulfil", co_,
                   R"({"evidence":{"date":"2026-05-20","description":"Decision 123 adopted",)"
                   R"("uri":"https://example.org/123"}})");
  EXPECT_EQ(At(kept, "state"), "COMMITMENT_FULFILLED");
  EXPECT_EQ(kept.fields().at("evidence").list_value().values_size(), 2);
  EXPECT_EQ(Send("POST", "/v1/commitments/adv-k1:break", co_,
                 R"({"evidence":{"date":"2026-05-21","description":"x"}})")
                .status,
            400);
  EXPECT_EQ(Must(200, "GET", "/v1/commitments:overdue?campaign=campaigns%2Fadv-c4", member_)
                .fields()
                .count("commitments"),
            0u);
  Must(200, "DELETE", "/v1/campaigns/adv-c4", lead_, "");
  // An archived (or closed) campaign takes no new commitment or policy item.
  EXPECT_EQ(Send("POST", "/v1/commitments?commitmentId=adv-k2", member_,
                 R"({"campaign":"campaigns/adv-c4","description":{"en":"x"},)"
                 R"("office":"o","madeDate":"2026-01-10","dueDate":"2026-03-31"})")
                .status,
            400);

  // A policy item through the pipeline, one stage at a time.
  Must(200, "POST", "/v1/campaigns?campaignId=adv-c5", lead_, CampaignBody("adv-lead", false));
  auto item = Must(200, "POST", "/v1/policyItems?policyItemId=adv-p1", member_,
                   R"({"campaign":"campaigns/adv-c5","title":{"en":"Contracting regulation"},)"
                   R"("agenda":{"date":"2026-02-01","source":"Action plan 2026, item 4.2",)"
                   R"("stage":"POLICY_FUNDED","actor":"someone else"}})");
  EXPECT_EQ(At(item, "state"), "POLICY_AGENDA");
  // The agenda step's stage and actor are the service's, whatever the client sent.
  const std::string stored = Send("GET", "/v1/policyItems/adv-p1", lead_).text;
  EXPECT_THAT(stored, HasSubstr(R"("agenda":{"stage":"POLICY_AGENDA")"));
  EXPECT_THAT(stored, HasSubstr(R"("actor":"staff@adv-member"})"));
  EXPECT_THAT(stored, ::testing::Not(HasSubstr("someone else")));
  Reply skip = Send("POST", "/v1/policyItems/adv-p1:advance", member_,
                    R"({"stage":"POLICY_ADOPTED","step":{"date":"2026-03-01","source":"D 1"}})");
  EXPECT_EQ(skip.status, 400) << skip.text;
  EXPECT_THAT(skip.text, HasSubstr("the next stage is POLICY_DRAFTED"));
  Must(200, "POST", "/v1/policyItems/adv-p1:advance", member_,
       R"({"stage":"POLICY_DRAFTED","step":{"date":"2026-03-01","source":"Draft 7/2026"}})");
  Must(200, "POST", "/v1/policyItems/adv-p1:advance", co_,
       R"({"stage":"POLICY_ADOPTED","step":{"date":"2026-05-20","source":"Decision 123"}})");
  Reply by_outsider =
      Send("POST", "/v1/policyItems/adv-p1:advance", outsider_,
           R"({"stage":"POLICY_FUNDED","step":{"date":"2026-06-01","source":"Budget 2027"}})");
  EXPECT_EQ(by_outsider.status, 404) << by_outsider.text;
  auto funded = Must(
      200, "POST", "/v1/policyItems/adv-p1:advance", lead_,
      R"({"stage":"POLICY_FUNDED","step":{"date":"2026-06-01","source":"Budget 2027, 10.2.3"}})");
  EXPECT_EQ(At(funded, "state"), "POLICY_FUNDED");
  EXPECT_EQ(funded.fields().at("steps").list_value().values_size(), 4);
  // Listed by campaign; an outsider sees none of an unpublished campaign's items.
  auto listed =
      Must(200, "GET", "/v1/policyItems?filter=campaign%3D%22campaigns%2Fadv-c5%22", member_);
  EXPECT_EQ(listed.fields().at("policyItems").list_value().values_size(), 1);
  EXPECT_EQ(
      Must(200, "GET", "/v1/policyItems?filter=campaign%3D%22campaigns%2Fadv-c5%22", outsider_)
          .fields()
          .count("policyItems"),
      0u);
  Must(404, "GET", "/v1/policyItems/adv-p1", outsider_);
  Must(404, "GET", "/v1/policyItems/adv-p1", "");
}

TEST_F(AdvocacyRestTest, EvidenceCitedFromMonitoringKeepsItsFiguresBesideTheCurrentOnes) {
  const std::string admin = rest_stack->Token("admin");
  for (const auto& [id, published] : {std::pair{"adv-served", true}, {"adv-draft", false}}) {
    Reply made = Send(
        "POST", absl::StrCat("/v1/indicators?indicatorId=", id), admin,
        absl::StrCat(R"({"code":")", id == std::string("adv-served") ? "ADV_SERVED" : "ADV_DRAFT",
                     R"(","displayName":{"en":"Served"},"unit":"persons",)",
                     R"("valueType":"INTEGER","aggregation":"SUM",)",
                     R"("level":"OUTPUT","direction":"HIGHER_IS_BETTER",)", R"("published":)",
                     published ? "true" : "false", "}"));
    ASSERT_TRUE(made.status == 200 || made.status == 409) << made.text;
  }
  Must(200, "POST", "/v1/campaigns?campaignId=adv-c6", lead_, CampaignBody("adv-lead", true));
  const std::string cite =
      R"({"citation":{"indicator":"indicators/adv-served","territory":"territories/ac-md",)"
      R"("periods":["2025","2026Q1"],"note":"before and after"}})";
  // Only those who record may cite; an outsider may read the published campaign, not cite.
  Reply by_supporter = Send("POST", "/v1/campaigns/adv-c6:citeEvidence", supporter_, cite);
  EXPECT_EQ(by_supporter.status, 403) << by_supporter.text;
  auto cited = Must(200, "POST", "/v1/campaigns/adv-c6:citeEvidence", member_, cite);
  const auto& evidence = cited.fields().at("evidence").list_value().values();
  ASSERT_EQ(evidence.size(), 1);
  const auto& citation = evidence[0].struct_value();
  EXPECT_EQ(At(citation, "actor"), "staff@adv-member");
  ASSERT_EQ(citation.fields().at("figures").list_value().values_size(), 2);
  // Shown beside the figures as monitoring publishes them now, to anyone who reads the campaign.
  auto view = Must(200, "GET", "/v1/campaigns/adv-c6:evidence", "");
  const auto& rows = view.fields().at("citations").list_value().values();
  ASSERT_EQ(rows.size(), 1);
  EXPECT_EQ(rows[0].struct_value().fields().at("current").list_value().values_size(), 2);
  EXPECT_EQ(At(rows[0].struct_value(), "citation.note"), "before and after");
  // What monitoring does not publish, or does not know, is refused naming the field; nothing
  // is kept.
  for (const char* indicator : {"indicators/adv-draft", "indicators/adv-nothing"}) {
    Reply refused = Send("POST", "/v1/campaigns/adv-c6:citeEvidence", member_,
                         absl::StrCat(R"({"citation":{"indicator":")", indicator,
                                      R"(","territory":"territories/ac-md","periods":["2025"]}})"));
    EXPECT_EQ(refused.status, 400) << refused.text;
    EXPECT_THAT(refused.text, HasSubstr("citation.indicator")) << indicator;
  }
  Reply bad_period = Send("POST", "/v1/campaigns/adv-c6:citeEvidence", member_,
                          R"({"citation":{"indicator":"indicators/adv-served",)"
                          R"("territory":"territories/ac-md","periods":["2025-01"]}})");
  EXPECT_EQ(bad_period.status, 400) << bad_period.text;
  EXPECT_THAT(bad_period.text, HasSubstr("citation.periods[0]"));
  EXPECT_EQ(Must(200, "GET", "/v1/campaigns/adv-c6", "")
                .fields()
                .at("evidence")
                .list_value()
                .values_size(),
            1);
  // An unpublished campaign's evidence is not shown to outsiders.
  Must(200, "POST", "/v1/campaigns?campaignId=adv-c7", lead_, CampaignBody("adv-lead", false));
  Must(404, "GET", "/v1/campaigns/adv-c7:evidence", outsider_);
  Must(404, "POST", "/v1/campaigns/adv-c7:citeEvidence", outsider_, cite);
}

TEST_F(AdvocacyRestTest, ACampaignsUpcomingActivitiesAreAnICalendarFeed) {
  Must(200, "POST", "/v1/campaigns?campaignId=adv-c8", lead_, CampaignBody("adv-lead", true));
  const std::string tomorrow =
      absl::FormatTime("%Y-%m-%d", absl::Now() + absl::Hours(24), absl::UTCTimeZone());
  Must(200, "POST", "/v1/activities?activityId=adv-c8-hearing", member_,
       absl::StrCat(R"({"campaign":"campaigns/adv-c8","kind":"PUBLIC_HEARING",)",
                    R"("title":{"en":"Hearing; the 2027 budget"},"date":")", tomorrow,
                    R"(","place":"City Hall, room 3"})"));
  Must(200, "POST", "/v1/activities?activityId=adv-c8-past", member_,
       Activity("campaigns/adv-c8", 1, 1, 1));  // 2026-10-01: past, not in the feed
  auto feed = rest_stack->Call("GET", "/v1/campaigns/adv-c8:calendar", "");
  ASSERT_TRUE(feed.ok()) << feed.status();
  EXPECT_EQ(feed->status, 200) << feed->body;
  EXPECT_THAT(feed->body, ::testing::StartsWith("BEGIN:VCALENDAR\r\n"));
  EXPECT_THAT(feed->body, HasSubstr("UID:activities/adv-c8-hearing@advocacy.civitas\r\n"));
  EXPECT_THAT(feed->body, HasSubstr("SUMMARY:Hearing\\; the 2027 budget\r\n"));
  EXPECT_THAT(feed->body, ::testing::Not(HasSubstr("adv-c8-past")));
  bool calendar_type = false;
  for (const auto& [name, value] : feed->headers) {
    calendar_type |=
        absl::AsciiStrToLower(name) == "content-type" && absl::StartsWith(value, "text/calendar");
  }
  EXPECT_TRUE(calendar_type);
  // An unpublished campaign's feed is the coalition's only.
  Must(200, "POST", "/v1/campaigns?campaignId=adv-c9", lead_, CampaignBody("adv-lead", false));
  Must(404, "GET", "/v1/campaigns/adv-c9:calendar", outsider_);
  EXPECT_EQ(Send("GET", "/v1/campaigns/adv-c9:calendar", supporter_).status, 200);
}

// Participatory Social Service Planning, a whole cycle: a municipality and its partners record
// needs with evidence, participants score them (changing and withdrawing votes) until the round
// closes, and the plan's actions are funded and followed; each step by the right role, each
// refusal naming its rule.
class PlanningRestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Reply made =
        Send("POST", "/v1/organizations?organizationId=pssp-goris", rest_stack->Token("admin"),
             R"({"type":"PUBLIC_AUTHORITY","displayName":{"en":"Goris municipality"},)"
             R"("territories":["territories/ac-md-cu"]})");
    ASSERT_TRUE(made.status == 200 || made.status == 409) << made.text;
    mayor_ = rest_stack->Token("municipality", "organizations/pssp-goris", "mayor@goris",
                               {"territories/ac-md-cu"});
    cso_ = Cso("pssp-cso");
    residents_ = Cso("pssp-residents");
    outsider_ = Cso("pssp-outsider");
    Reply indicator =
        Send("POST", "/v1/indicators?indicatorId=pssp-served", rest_stack->Token("admin"),
             R"({"code":"PSSP_SERVED","displayName":{"en":"Served"},"unit":"persons",)"
             R"("valueType":"INTEGER","aggregation":"SUM","level":"OUTPUT",)"
             R"("direction":"HIGHER_IS_BETTER","published":true})");
    ASSERT_TRUE(indicator.status == 200 || indicator.status == 409) << indicator.text;
  }

  static std::string CycleBody(const std::string& municipality) {
    return absl::StrCat(
        R"({"displayName":{"en":"Goris social services plan 2027-2029"},)",
        R"("territory":"territories/ac-md-cu","municipality":"organizations/)", municipality,
        R"(","partners":["organizations/pssp-cso","organizations/pssp-residents"],)",
        R"("periodStartDate":"2027-01-01","periodEndDate":"2029-12-31",)",
        R"("sessions":[{"date":"2027-02-10","title":{"en":"Prioritisation session"},)",
        R"("place":"Goris, City Hall"}]})");
  }
  static std::string NeedBody(const std::string& cycle, const std::string& group) {
    return absl::StrCat(R"({"cycle":")", cycle, R"(","targetGroup":")", group,
                        R"(","title":{"en":"Day care"},"peopleAffected":120,)",
                        R"("indicators":[{"indicator":"indicators/pssp-served",)",
                        R"("territory":"territories/ac-md-cu","periods":["2025"]}],)",
                        R"("surveys":[{"question":"Do you need day care?","respondents":200,)",
                        R"("affirmative":64}]})");
  }
  Reply Vote(const std::string& token, const std::string& need, int score) {
    return Send("POST", "/v1/prioritisationRounds/pssp-r1:vote", token,
                absl::StrCat(R"({"need":"needs/)", need, R"(","score":)", score, "}"));
  }
  static const google::protobuf::Struct& Tally(const google::protobuf::Struct& round, int i) {
    return round.fields().at("tallies").list_value().values(i).struct_value();
  }

  std::string mayor_, cso_, residents_, outsider_;
};

TEST_F(PlanningRestTest, ACycleFromItsAnalysisToAFundedActionWithItsIndicator) {
  // Only the municipality runs its cycle; a CSO cannot start one in its name.
  Reply foreign =
      Send("POST", "/v1/planningCycles?planningCycleId=pssp-1", cso_, CycleBody("pssp-goris"));
  EXPECT_EQ(foreign.status, 403) << foreign.text;
  EXPECT_THAT(foreign.text, HasSubstr("organizations/pssp-goris"));
  Reply not_authority = Send("POST", "/v1/planningCycles?planningCycleId=pssp-x",
                             rest_stack->Token("admin"), CycleBody("pssp-cso"));
  EXPECT_EQ(not_authority.status, 400) << not_authority.text;
  EXPECT_THAT(not_authority.text, HasSubstr("not a PUBLIC_AUTHORITY"));
  // A municipality plans its own territory only.
  std::string elsewhere = CycleBody("pssp-goris");
  elsewhere.replace(elsewhere.find("territories/ac-md-cu"), 20, "territories/ac-md");
  Reply other_territory =
      Send("POST", "/v1/planningCycles?planningCycleId=pssp-y", mayor_, elsewhere);
  EXPECT_EQ(other_territory.status, 400) << other_territory.text;
  EXPECT_THAT(other_territory.text, HasSubstr("is not among the territories of"));
  auto cycle = Must(200, "POST", "/v1/planningCycles?planningCycleId=pssp-1", mayor_,
                    CycleBody("pssp-goris"));
  EXPECT_EQ(At(cycle, "state"), "CYCLE_ANALYSIS");
  // The municipality's calendar shows the cycle's session, to anyone.
  auto calendar = rest_stack->Call("GET", "/v1/territories/ac-md-cu:calendar", "");
  ASSERT_TRUE(calendar.ok());
  EXPECT_EQ(calendar->status, 200) << calendar->body;
  EXPECT_THAT(calendar->body, HasSubstr("UID:planningCycles/pssp-1/sessions/0@advocacy.civitas"));
  EXPECT_THAT(calendar->body, HasSubstr("SUMMARY:Prioritisation session"));
  EXPECT_EQ(Send("GET", "/v1/territories/nowhere-pssp:calendar", "").status, 404);
  // Prioritising needs a need.
  Reply early = Send("POST", "/v1/planningCycles/pssp-1:advance", mayor_,
                     R"({"state":"CYCLE_PRIORITISATION"})");
  EXPECT_EQ(early.status, 400) << early.text;
  EXPECT_THAT(early.text, HasSubstr("needs recorded in planningCycles/pssp-1"));

  // Needs, by a partner and the municipality, with their evidence; not by an outsider.
  EXPECT_EQ(Send("POST", "/v1/needs?needId=pssp-n0", outsider_,
                 NeedBody("planningCycles/pssp-1", "ELDERLY"))
                .status,
            403);
  auto need = Must(200, "POST", "/v1/needs?needId=pssp-n1", cso_,
                   NeedBody("planningCycles/pssp-1", "PERSONS_WITH_DISABILITIES"));
  EXPECT_EQ(At(need, "indicators.0.actor"), "staff@pssp-cso");
  Must(200, "POST", "/v1/needs?needId=pssp-n2", mayor_,
       NeedBody("planningCycles/pssp-1", "ELDERLY"));
  Reply bad_survey = Send(
      "POST", "/v1/needs?needId=pssp-n3", mayor_,
      absl::StrCat(R"({"cycle":"planningCycles/pssp-1",)",
                   R"("targetGroup":"ELDERLY","title":{"en":"x"},)",
                   R"("surveys":[{"question":"q","respondents":10,)", R"("affirmative":11}]})"));
  EXPECT_EQ(bad_survey.status, 400) << bad_survey.text;
  EXPECT_THAT(bad_survey.text, HasSubstr("need.surveys[0].affirmative"));
  std::string other_figures = NeedBody("planningCycles/pssp-1", "YOUTH");
  other_figures.replace(other_figures.find("territories/ac-md-cu"), 20, "territories/ac-md");
  Reply cited_elsewhere = Send("POST", "/v1/needs?needId=pssp-n5", cso_, other_figures);
  EXPECT_EQ(cited_elsewhere.status, 400) << cited_elsewhere.text;
  EXPECT_THAT(cited_elsewhere.text, HasSubstr("need.indicators[0].territory"));
  Must(200, "POST", "/v1/planningCycles/pssp-1:advance", mayor_,
       R"({"state":"CYCLE_PRIORITISATION"})");
  // The analysis is over: needs are frozen.
  Reply late_need =
      Send("POST", "/v1/needs?needId=pssp-n4", cso_, NeedBody("planningCycles/pssp-1", "YOUTH"));
  EXPECT_EQ(late_need.status, 400) << late_need.text;
  EXPECT_THAT(late_need.text, HasSubstr("CYCLE_PRIORITISATION"));

  // A round, opened by the municipality, voted by its participants.
  const std::string round_body =
      R"({"cycle":"planningCycles/pssp-1","displayName":{"en":"Round 1"},"method":"SCORING",)"
      R"("needs":["needs/pssp-n1","needs/pssp-n2"],)"
      R"("participants":[{"organization":"organizations/pssp-cso","group":"GROUP_CSO"},)"
      R"({"organization":"organizations/pssp-residents","group":"GROUP_RESIDENTS"},)"
      R"({"organization":"organizations/pssp-goris","group":"GROUP_MUNICIPALITY"}]})";
  EXPECT_EQ(Send("POST", "/v1/prioritisationRounds?prioritisationRoundId=pssp-r1", cso_, round_body)
                .status,
            403);
  Must(200, "POST", "/v1/prioritisationRounds?prioritisationRoundId=pssp-r1", mayor_, round_body);
  // A participant's group is fixed while votes are counted by it.
  std::string regrouped = round_body;
  regrouped.replace(regrouped.find("GROUP_RESIDENTS"), 15, "GROUP_CSO");
  Reply moved =
      Send("PATCH", "/v1/prioritisationRounds/pssp-r1?updateMask=participants", mayor_, regrouped);
  EXPECT_EQ(moved.status, 400) << moved.text;
  EXPECT_THAT(moved.text, HasSubstr("prioritisation_round.participants[1].group"));
  EXPECT_EQ(Vote(cso_, "pssp-n1", 5).status, 200);
  EXPECT_EQ(Vote(cso_, "pssp-n2", 2).status, 200);
  EXPECT_EQ(Vote(residents_, "pssp-n1", 4).status, 200);
  auto changed = Vote(residents_, "pssp-n1", 3);  // changed: the last score counts
  EXPECT_EQ(changed.status, 200) << changed.text;
  EXPECT_EQ(At(changed.body, "changes"), "2");
  EXPECT_EQ(Vote(mayor_, "pssp-n2", 5).status, 200);
  Reply outsider_vote = Vote(outsider_, "pssp-n1", 5);
  EXPECT_EQ(outsider_vote.status, 403) << outsider_vote.text;
  EXPECT_THAT(outsider_vote.text, HasSubstr("organizations/pssp-outsider is not among them"));
  Reply too_high = Vote(cso_, "pssp-n1", 7);
  EXPECT_EQ(too_high.status, 400);
  EXPECT_THAT(too_high.text, HasSubstr("score"));
  Reply foreign_need = Vote(cso_, "pssp-n4", 3);
  EXPECT_EQ(foreign_need.status, 400);
  EXPECT_THAT(foreign_need.text, HasSubstr("need"));
  // Anyone reads the tallies: n1 5 + 3 from two voters, n2 2 + 5.
  auto round = Must(200, "GET", "/v1/prioritisationRounds/pssp-r1", "");
  EXPECT_EQ(At(Tally(round, 0), "votes"), "2");
  EXPECT_EQ(At(Tally(round, 0), "scoreTotal"), "8");
  EXPECT_EQ(At(Tally(round, 0), "rank"), "1");
  EXPECT_EQ(At(Tally(round, 1), "scoreTotal"), "7");
  // A withdrawn vote no longer counts.
  Must(200, "POST", "/v1/prioritisationRounds/pssp-r1:withdrawVote", cso_,
       R"({"need":"needs/pssp-n2"})");
  round = Must(200, "GET", "/v1/prioritisationRounds/pssp-r1", "");
  EXPECT_EQ(At(Tally(round, 1), "votes"), "1");
  EXPECT_EQ(At(Tally(round, 1), "scoreTotal"), "5");
  // A voter sees their own votes; the municipality sees all of its round's.
  const std::string votes = "/v1/votes?filter=round%3D%22prioritisationRounds%2Fpssp-r1%22";
  EXPECT_EQ(Must(200, "GET", votes, residents_).fields().at("votes").list_value().values_size(), 1);
  EXPECT_EQ(Must(200, "GET", votes, mayor_).fields().at("votes").list_value().values_size(), 4);
  // Planning the actions waits for the round to close.
  Reply open_round = Send("POST", "/v1/planningCycles/pssp-1:advance", mayor_,
                          R"({"state":"CYCLE_ACTION_PLANNING"})");
  EXPECT_EQ(open_round.status, 400) << open_round.text;
  EXPECT_THAT(open_round.text, HasSubstr("still open"));
  EXPECT_EQ(Send("POST", "/v1/prioritisationRounds/pssp-r1:close", cso_, "{}").status, 403);
  auto closed = Must(200, "POST", "/v1/prioritisationRounds/pssp-r1:close", mayor_, "{}");
  EXPECT_EQ(At(closed, "state"), "ROUND_CLOSED");
  Reply after_close = Vote(residents_, "pssp-n1", 5);
  EXPECT_EQ(after_close.status, 400) << after_close.text;
  EXPECT_THAT(after_close.text, HasSubstr("ROUND_CLOSED"));
  Must(200, "POST", "/v1/planningCycles/pssp-1:advance", mayor_,
       R"({"state":"CYCLE_ACTION_PLANNING"})");

  // The action plan: adoption needs an action and its decision.
  EXPECT_EQ(Send("POST", "/v1/planningCycles/pssp-1:advance", mayor_,
                 R"({"state":"CYCLE_ADOPTED","source":"Council decision 12-N"})")
                .status,
            400);
  const std::string action =
      R"({"cycle":"planningCycles/pssp-1","needs":["needs/pssp-n1"],"kind":"CREATE_SERVICE",)"
      R"("title":{"en":"Day care centre"},"responsibleOrganization":"organizations/pssp-cso",)"
      R"("budget":{"currencyCode":"EUR","amountMinor":"2500000"},)"
      R"("fundingSource":"MUNICIPAL_BUDGET","startDate":"2027-03-01","endDate":"2028-12-31",)"
      R"("indicators":["indicators/pssp-served"]})";
  EXPECT_EQ(Send("POST", "/v1/planActions?planActionId=pssp-a1", cso_, action).status, 403);
  Must(200, "POST", "/v1/planActions?planActionId=pssp-a1", mayor_, action);
  Reply outside_period =
      Send("POST", "/v1/planActions?planActionId=pssp-a9", mayor_,
           absl::StrCat(action.substr(0, action.size() - 1), R"(,"grant":"grants/nope"})"));
  EXPECT_EQ(outside_period.status, 400) << outside_period.text;
  EXPECT_THAT(outside_period.text, HasSubstr("plan_action.grant"));
  Reply no_contract = Send(
      "POST", "/v1/planActions?planActionId=pssp-a8", mayor_,
      absl::StrCat(action.substr(0, action.size() - 1), R"(,"partnership":"partnerships/nope"})"));
  EXPECT_EQ(no_contract.status, 400) << no_contract.text;
  EXPECT_THAT(no_contract.text, HasSubstr("plan_action.partnership"));
  const std::string fstp =
      R"({"cycle":"planningCycles/pssp-1","needs":["needs/pssp-n2"],"kind":"CREATE_SERVICE",)"
      R"("title":{"en":"Home care"},"responsibleOrganization":"organizations/pssp-cso",)"
      R"("budget":{"currencyCode":"EUR","amountMinor":"1000000"},)"
      R"("fundingSource":"FSTP_GRANT","startDate":"2027-03-01","endDate":"2030-12-31"})";
  Reply late_end = Send("POST", "/v1/planActions?planActionId=pssp-a2", mayor_, fstp);
  EXPECT_EQ(late_end.status, 400) << late_end.text;
  EXPECT_THAT(late_end.text, HasSubstr("plan_action.end_date"));
  std::string fstp_in_period = fstp;
  fstp_in_period.replace(fstp_in_period.find("2030-12-31"), 10, "2029-12-31");
  Must(200, "POST", "/v1/planActions?planActionId=pssp-a2", mayor_, fstp_in_period);
  Reply no_source =
      Send("POST", "/v1/planningCycles/pssp-1:advance", mayor_, R"({"state":"CYCLE_ADOPTED"})");
  EXPECT_EQ(no_source.status, 400) << no_source.text;
  EXPECT_THAT(no_source.text, HasSubstr("source"));
  auto adopted = Must(200, "POST", "/v1/planningCycles/pssp-1:advance", mayor_,
                      R"({"state":"CYCLE_ADOPTED","source":"Council decision 12-N"})");
  EXPECT_EQ(At(adopted, "state"), "CYCLE_ADOPTED");
  EXPECT_EQ(adopted.fields().at("stageHistory").list_value().values_size(), 4);

  // Once adopted, only links change, for anyone; the responsible organisation keeps them too.
  Reply retitled = Send("PATCH", "/v1/planActions/pssp-a1?updateMask=title", cso_,
                        R"({"title":{"en":"Renamed"}})");
  EXPECT_EQ(retitled.status, 400) << retitled.text;
  EXPECT_THAT(retitled.text, HasSubstr("only their links change"));
  auto linked = Must(200, "PATCH", "/v1/planActions/pssp-a1?updateMask=indicators", cso_,
                     R"({"indicators":["indicators/pssp-served"]})");
  EXPECT_EQ(At(linked, "indicators.0"), "indicators/pssp-served");
  EXPECT_EQ(Send("PATCH", "/v1/planActions/pssp-a1?updateMask=indicators", outsider_,
                 R"({"indicators":[]})")
                .status,
            403);
  Reply by_mayor = Send("PATCH", "/v1/planActions/pssp-a1?updateMask=title", mayor_,
                        R"({"title":{"en":"Renamed"}})");
  EXPECT_EQ(by_mayor.status, 400) << by_mayor.text;
  EXPECT_THAT(by_mayor.text, HasSubstr("only their links change"));
  // An FSTP action is funded once its grant is named.
  Reply unfunded = Send("POST", "/v1/planActions/pssp-a2:fund", mayor_, "{}");
  EXPECT_EQ(unfunded.status, 400) << unfunded.text;
  EXPECT_THAT(unfunded.text, HasSubstr("name its grant"));
  EXPECT_EQ(Send("POST", "/v1/planActions/pssp-a1:fund", outsider_, "{}").status, 403);
  Must(200, "POST", "/v1/planActions/pssp-a1:fund", cso_,
       R"({"note":"Municipal budget 2027, line 10.7.1"})");
  Must(200, "POST", "/v1/planActions/pssp-a1:start", cso_, "{}");
  auto done = Must(200, "POST", "/v1/planActions/pssp-a1:complete", cso_, "{}");
  EXPECT_EQ(At(done, "state"), "ACTION_COMPLETED");
  EXPECT_EQ(done.fields().at("stateHistory").list_value().values_size(), 4);
  EXPECT_EQ(Send("POST", "/v1/planActions/pssp-a2:cancel", cso_, R"({"note":"x"})").status, 403);
  EXPECT_EQ(Send("POST", "/v1/planActions/pssp-a2:cancel", mayor_, "{}").status, 400);
  Must(200, "POST", "/v1/planActions/pssp-a2:cancel", mayor_,
       R"({"note":"no FSTP call this year"})");

  // The plan's progress, to anyone: each action with its money and its indicator.
  auto progress = Must(200, "GET", "/v1/planningCycles/pssp-1:progress", "");
  EXPECT_EQ(At(progress, "state"), "CYCLE_ADOPTED");
  const auto& actions = progress.fields().at("actions").list_value().values();
  ASSERT_EQ(actions.size(), 2);
  EXPECT_EQ(At(actions[0].struct_value(), "state"), "ACTION_COMPLETED");
  EXPECT_EQ(At(actions[0].struct_value(), "indicators.0.indicator"), "indicators/pssp-served");
  // The cancelled action's budget is not counted.
  EXPECT_EQ(At(progress, "budgetTotal.0.amountMinor"), "2500000");
}

TEST_F(AdvocacyRestTest, TheWarehousePullsASnapshotThenOnlyWhatChangedAsNdjsonAndCsv) {
  Must(200, "POST", "/v1/campaigns?campaignId=adv-pull", lead_, CampaignBody("adv-lead", true));
  Must(200, "POST", "/v1/campaigns?campaignId=adv-pull-private", lead_,
       CampaignBody("adv-lead", false));
  Must(200, "POST", "/v1/activities?activityId=adv-pull-a1", member_,
       Activity("campaigns/adv-pull", 1, 1, 10));
  const std::string first = At(Must(200, "GET", "/v1/advocacy:cursor", ""), "cursor");
  ASSERT_FALSE(first.empty());
  // The snapshot: every record up to the cursor the caller may read, one JSON object a line.
  auto snapshot = rest_stack->Call("GET", "/v1/campaigns:pull?untilCursor=" + first, "");
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->status, 200) << snapshot->body;
  EXPECT_THAT(snapshot->body, HasSubstr("\"name\":\"campaigns/adv-pull\""));
  EXPECT_THAT(snapshot->body, ::testing::Not(HasSubstr("campaigns/adv-pull-private")));
  auto coalition = rest_stack->Call("GET", "/v1/campaigns:pull?untilCursor=" + first, lead_);
  EXPECT_THAT(coalition->body, HasSubstr("campaigns/adv-pull-private"));
  // Then only what changed between the two cursors, once, as it is now.
  Must(200, "POST", "/v1/activities?activityId=adv-pull-a2", member_,
       Activity("campaigns/adv-pull", 2, 2, 20));
  Must(200, "PATCH", "/v1/activities/adv-pull-a1?updateMask=audience", member_,
       R"({"audience":15})");
  Must(200, "PATCH", "/v1/activities/adv-pull-a1?updateMask=audience", member_,
       R"({"audience":16})");
  const std::string second = At(Must(200, "GET", "/v1/advocacy:cursor", ""), "cursor");
  auto changed = rest_stack->Call(
      "GET", absl::StrCat("/v1/activities:pull?sinceCursor=", first, "&untilCursor=", second), "");
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->status, 200) << changed->body;
  std::vector<std::string> lines = absl::StrSplit(changed->body, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << changed->body;
  EXPECT_THAT(changed->body, HasSubstr("\"audience\":\"16\""));
  EXPECT_THAT(changed->body, HasSubstr("activities/adv-pull-a2"));
  // The campaign did not change itself, its reach did: it is in the campaigns' pull, once.
  auto moved = rest_stack->Call(
      "GET", absl::StrCat("/v1/campaigns:pull?sinceCursor=", first, "&untilCursor=", second), "");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->status, 200) << moved->body;
  std::vector<std::string> campaigns = absl::StrSplit(moved->body, '\n', absl::SkipEmpty());
  ASSERT_EQ(campaigns.size(), 1u) << moved->body;
  EXPECT_THAT(campaigns[0], HasSubstr("\"name\":\"campaigns/adv-pull\""));
  EXPECT_THAT(campaigns[0], HasSubstr("\"audience\":\"36\""));
  // As CSV: a header row, then a row a record.
  auto csv = rest_stack->Call(
      "GET", absl::StrCat("/v1/activities:pullCsv?sinceCursor=", first, "&untilCursor=", second),
      "");
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->status, 200) << csv->body;
  EXPECT_THAT(csv->body, ::testing::StartsWith("name,campaign,kind,title_en,"));
  EXPECT_THAT(csv->body, HasSubstr("activities/adv-pull-a2,campaigns/adv-pull,PUBLIC_HEARING,"));
  // A pull needs its end; a cursor is digits, not beyond the store's.
  Reply no_end = Send("GET", "/v1/campaigns:pull", "");
  EXPECT_EQ(no_end.status, 400) << no_end.text;
  EXPECT_THAT(no_end.text, HasSubstr("until_cursor"));
  EXPECT_EQ(Send("GET", "/v1/campaigns:pull?untilCursor=99999999999", "").status, 400);
  EXPECT_EQ(Send("GET", "/v1/planActions:pullCsv?sinceCursor=x&untilCursor=" + second, "").status,
            400);
}

}  // namespace
}  // namespace civitas::testing
