// End to end over REST: the grants flow from programme to closure through the gateway, against a
// real registry and grants service, with each role's view checked on the way; awards racing for
// one call envelope.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/e2e/civitas_stack.h"
#include "tests/e2e/rest_steps.h"

namespace civitas::testing {
namespace {

using ::testing::HasSubstr;

CivitasStack* stack = nullptr;

constexpr int kApplicants = 24;

class StackEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    auto s = CivitasStack::Start();
    ASSERT_TRUE(s.ok()) << s.status();
    stack_ = std::move(s).value();
    stack = stack_.get();
    rest_stack = stack;
    const std::string admin = stack->Token("admin");
    auto t = stack->Call("POST", "/v1/territories?territoryId=gr-md", admin,
                         R"({"displayName":{"en":"Moldova"},"level":"COUNTRY","code":"GRMD"})");
    ASSERT_TRUE(t.ok() && t->status == 200) << (t.ok() ? t->body : t.status().ToString());
    auto org = [&](const std::string& id, const std::string& type) {
      auto o = stack->Call("POST", absl::StrCat("/v1/organizations?organizationId=", id), admin,
                           absl::StrCat(R"({"type":")", type, R"(","displayName":{"en":")", id,
                                        R"("},"territories":["territories/gr-md"]})"));
      ASSERT_TRUE(o.ok() && o->status == 200) << (o.ok() ? o->body : o.status().ToString());
    };
    org("gr-eu", "DONOR");
    org("gr-lead", "CSO");
    for (int i = 0; i < kApplicants; ++i) org(absl::StrCat("gr-cso-", i), "CSO");
  }
  void TearDown() override { stack_.reset(); }

 private:
  std::unique_ptr<CivitasStack> stack_;
};

const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new StackEnvironment);

std::string Eur(int64_t minor) {
  return absl::StrCat(R"({"currencyCode":"EUR","amountMinor":")", minor, R"("})");
}

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

struct Programme {
  std::string name, call, staff;
};

// An open programme of gr-eu led by gr-lead with one published call (envelope, award bounds and
// reviewers per application given), open now.
Programme PublishedCall(int64_t envelope, int64_t min_award, int64_t max_award, int reviewers,
                        const std::string& extra = "", const std::string& lead = "gr-lead",
                        int64_t programme_envelope = 0, const std::string& parent_grant = "") {
  Programme out;
  out.staff = stack->Token("cso", "organizations/" + lead, lead + "-staff");
  const std::string parent =
      parent_grant.empty() ? "" : absl::StrCat(R"(,"parentGrant":")", parent_grant, R"(")");
  auto programme =
      Must(200, "POST", "/v1/programmes", out.staff,
           absl::StrCat(R"({"displayName":{"en":"FSTP"},"funder":"organizations/gr-eu",)",
                        R"("leadOrganization":"organizations/)", lead, R"(","envelope":)",
                        Eur(programme_envelope > 0 ? programme_envelope : envelope * 4), parent,
                        R"(,"startDate":"2026-01-01","endDate":"2029-12-31"})"));
  out.name = At(programme, "name");
  Must(200, "POST", absl::StrCat("/v1/", out.name, ":open"), out.staff);
  const absl::Time now = absl::Now();
  auto call = Must(
      200, "POST", "/v1/calls", out.staff,
      absl::StrCat(R"({"programme":")", out.name, R"(","displayName":{"en":"Call"},"envelope":)",
                   Eur(envelope), R"(,"minAward":)", Eur(min_award), R"(,"maxAward":)",
                   Eur(max_award), R"(,"openTime":")", Rfc3339(now - absl::Hours(1)),
                   R"(","closeTime":")", Rfc3339(now + absl::Hours(24 * 30)),
                   R"(","criteria":[{"id":"relevance","title":{"en":"Relevance"},"maxScore":10,)",
                   R"("weightPercent":60},{"id":"capacity","title":{"en":"Capacity"},)",
                   R"("maxScore":5,"weightPercent":40}],"reviewersPerApplication":)", reviewers,
                   extra, "}"));
  out.call = At(call, "name");
  Must(200, "POST", absl::StrCat("/v1/", out.call, ":publish"), out.staff);
  return out;
}

// A submitted application of gr-cso-<i> (or of `applicant`) requesting `requested`.
std::string SubmittedApplication(const Programme& p, int i, int64_t requested,
                                 std::string applicant = "") {
  if (applicant.empty()) applicant = absl::StrCat("gr-cso-", i);
  const std::string cso = stack->Token("cso", "organizations/" + applicant);
  auto a = Must(200, "POST", "/v1/applications", cso,
                absl::StrCat(R"({"call":")", p.call, R"(","applicant":"organizations/)", applicant,
                             R"(","title":{"en":"Day care"},"requestedAmount":)", Eur(requested),
                             R"(,"budgetLines":[{"category":"staff","amount":)", Eur(requested),
                             R"(}],"startDate":"2027-01-01","endDate":"2027-12-31",)",
                             R"("territories":["territories/gr-md"]})"));
  const std::string name = At(a, "name");
  auto submitted = Must(200, "POST", absl::StrCat("/v1/", name, ":submit"), cso);
  EXPECT_EQ(At(submitted, "state"), "APPLICATION_ELIGIBLE") << submitted.DebugString();
  return name;
}

// Assigns `reviewer`, who declares no conflict and scores (relevance, capacity).
void Review(const Programme& p, const std::string& application, const std::string& reviewer,
            int relevance, int capacity) {
  auto review = Must(
      200, "POST", "/v1/reviews", p.staff,
      absl::StrCat(R"({"application":")", application, R"(","reviewer":")", reviewer, R"("})"));
  const std::string name = At(review, "name");
  const std::string token = stack->Token("reviewer", "", reviewer);
  Must(200, "POST", absl::StrCat("/v1/", name, ":declareConflictOfInterest"), token,
       R"({"conflictOfInterest":false})");
  Must(200, "POST", absl::StrCat("/v1/", name, ":submit"), token,
       absl::StrCat(R"({"scores":[{"criterion":"relevance","score":)", relevance,
                    R"(},{"criterion":"capacity","score":)", capacity, "}]}"));
}

TEST(GrantsRestTest, FromProgrammeToClosureWithEachRolesView) {
  Programme p = PublishedCall(10'000'000, 500'000, 5'000'000, 2);
  const std::string cso = stack->Token("cso", "organizations/gr-cso-0");
  const std::string other_cso = stack->Token("cso", "organizations/gr-cso-1");

  // A draft is its applicant's alone.
  auto draft = Must(200, "POST", "/v1/applications", cso,
                    absl::StrCat(R"({"call":")", p.call,
                                 R"(","applicant":"organizations/gr-cso-0","title":{"en":"Care"},)",
                                 R"("requestedAmount":)", Eur(3'000'000),
                                 R"(,"budgetLines":[{"category":"staff","amount":)", Eur(2'000'000),
                                 R"(},{"category":"equipment","amount":)", Eur(1'000'000),
                                 R"(}],"startDate":"2027-01-01",)", R"("endDate":"2027-12-31"})"));
  const std::string application = At(draft, "name");
  EXPECT_EQ(Send("GET", "/v1/" + application, other_cso).status, 404);
  EXPECT_EQ(Send("GET", "/v1/" + application, p.staff).status, 404);
  EXPECT_EQ(Send("POST", "/v1/" + application + ":submit", other_cso, "{}").status, 404);
  // Someone else's applicant is refused whatever the body says.
  EXPECT_EQ(Send("POST", "/v1/applications", other_cso,
                 absl::StrCat(R"({"call":")", p.call,
                              R"(","applicant":"organizations/gr-cso-0","title":{"en":"x"},)",
                              R"("requestedAmount":)", Eur(600'000),
                              R"(,"startDate":"2027-01-01","endDate":"2027-12-31"})"))
                .status,
            403);
  auto submitted = Must(200, "POST", "/v1/" + application + ":submit", cso);
  EXPECT_EQ(At(submitted, "state"), "APPLICATION_ELIGIBLE");
  EXPECT_FALSE(At(submitted, "submitTime").empty());

  // Review: declare before seeing; a conflict is reassigned, recorded.
  auto first = Must(200, "POST", "/v1/reviews", p.staff,
                    absl::StrCat(R"({"application":")", application, R"(","reviewer":"rev-a"})"));
  auto second = Must(200, "POST", "/v1/reviews", p.staff,
                     absl::StrCat(R"({"application":")", application, R"(","reviewer":"rev-b"})"));
  Reply third = Send("POST", "/v1/reviews", p.staff,
                     absl::StrCat(R"({"application":")", application, R"(","reviewer":"rev-c"})"));
  EXPECT_EQ(third.status, 400) << third.text;
  EXPECT_THAT(third.text, HasSubstr("/reviewers"));
  EXPECT_EQ(Send("POST", "/v1/reviews", cso,
                 absl::StrCat(R"({"application":")", application, R"(","reviewer":"rev-z"})"))
                .status,
            403);
  const std::string rev_a = stack->Token("reviewer", "", "rev-a");
  const std::string rev_b = stack->Token("reviewer", "", "rev-b");
  const std::string rev_c = stack->Token("reviewer", "", "rev-c");
  EXPECT_EQ(At(Must(200, "GET", "/v1/" + application, p.staff), "state"),
            "APPLICATION_UNDER_REVIEW");
  EXPECT_EQ(Send("GET", "/v1/" + application, rev_a).status, 404);
  EXPECT_EQ(Send("GET", "/v1/" + At(first, "name"), rev_b).status, 404);
  Must(200, "POST", "/v1/" + At(first, "name") + ":declareConflictOfInterest", rev_a,
       R"({"conflictOfInterest":false})");
  EXPECT_EQ(Send("GET", "/v1/" + application, rev_a).status, 200);
  Reply no_statement = Send("POST", "/v1/" + At(second, "name") + ":declareConflictOfInterest",
                            rev_b, R"({"conflictOfInterest":true})");
  EXPECT_EQ(no_statement.status, 400);
  EXPECT_THAT(no_statement.text, HasSubstr("conflict_statement"));
  Must(200, "POST", "/v1/" + At(second, "name") + ":declareConflictOfInterest", rev_b,
       R"({"conflictOfInterest":true,"conflictStatement":"board member"})");
  EXPECT_EQ(Send("GET", "/v1/" + application, rev_b).status, 404);
  EXPECT_EQ(
      Send("POST", "/v1/" + At(second, "name") + ":submit", rev_b,
           R"({"scores":[{"criterion":"relevance","score":5},{"criterion":"capacity","score":5}]})")
          .status,
      400);
  auto reassigned = Must(200, "POST", "/v1/" + At(second, "name") + ":reassign", p.staff,
                         R"({"reviewer":"rev-c"})");
  EXPECT_EQ(At(reassigned, "state"), "REVIEW_REASSIGNED");
  const std::string replacement = At(reassigned, "replacedBy");
  Must(200, "POST", "/v1/" + replacement + ":declareConflictOfInterest", rev_c,
       R"({"conflictOfInterest":false})");
  Reply too_high = Send(
      "POST", "/v1/" + At(first, "name") + ":submit", rev_a,
      R"({"scores":[{"criterion":"relevance","score":11},{"criterion":"capacity","score":4}]})");
  EXPECT_EQ(too_high.status, 400);
  EXPECT_THAT(too_high.text, HasSubstr("scores"));
  Must(
      200, "POST", "/v1/" + At(first, "name") + ":submit", rev_a,
      R"({"scores":[{"criterion":"relevance","score":8},{"criterion":"capacity","score":4}],"comment":"solid"})");
  // Another reviewer does not see the first one's review.
  EXPECT_EQ(Send("GET", "/v1/" + At(first, "name"), rev_c).status, 404);
  EXPECT_EQ(At(Must(200, "GET", "/v1/" + application, p.staff), "state"),
            "APPLICATION_UNDER_REVIEW");
  Must(200, "POST", "/v1/" + replacement + ":submit", rev_c,
       R"({"scores":[{"criterion":"relevance","score":6},{"criterion":"capacity","score":3}]})");
  auto scored = Must(200, "GET", "/v1/" + application, p.staff);
  EXPECT_EQ(At(scored, "state"), "APPLICATION_SCORED");
  // rev-a: 60% x 8/10 + 40% x 4/5 = 80.00; rev-c: 60% x 6/10 + 40% x 3/5 = 60.00; mean 70.00.
  EXPECT_EQ(At(scored, "scoreCenti"), "7000");
  auto ranking = Must(200, "GET", "/v1/" + p.call + ":rankApplications", p.staff);
  EXPECT_THAT(ranking.DebugString(), HasSubstr(application));
  EXPECT_EQ(Send("GET", "/v1/" + p.call + ":rankApplications", cso).status, 403);

  // Award: only staff, within the limits, one agreement.
  EXPECT_EQ(Send("POST", "/v1/" + application + ":award", cso,
                 absl::StrCat(R"({"amount":)", Eur(2'800'000), "}"))
                .status,
            403);
  Reply above = Send("POST", "/v1/" + application + ":award", p.staff,
                     absl::StrCat(R"({"amount":)", Eur(3'100'000), "}"));
  EXPECT_EQ(above.status, 400);
  EXPECT_THAT(above.text, HasSubstr("requested amount"));
  auto grant = Must(200, "POST", "/v1/" + application + ":award", p.staff,
                    absl::StrCat(R"({"amount":)", Eur(2'800'000), "}"));
  const std::string g = At(grant, "name");
  EXPECT_EQ(At(grant, "recipient"), "organizations/gr-cso-0");
  EXPECT_EQ(At(grant, "grantor"), "organizations/gr-lead");
  EXPECT_EQ(At(grant, "amount.amountMinor"), "2800000");
  EXPECT_FALSE(At(grant, "agreementNumber").empty());
  EXPECT_THAT(grant.DebugString(), HasSubstr("OUTGOING_COMMITMENT"));
  EXPECT_EQ(Send("POST", "/v1/" + application + ":award", p.staff,
                 absl::StrCat(R"({"amount":)", Eur(2'800'000), "}"))
                .status,
            400);
  EXPECT_EQ(At(Must(200, "GET", "/v1/" + application, cso), "grant"), g);
  // Grants are public.
  EXPECT_EQ(Send("GET", "/v1/" + g).status, 200);

  // Money: pre-financing (80%), the balance only after the final report is accepted.
  EXPECT_EQ(Send("POST", "/v1/" + g + ":payTranche", cso, R"({"trancheNumber":1})").status, 403);
  auto paid = Must(200, "POST", "/v1/" + g + ":payTranche", p.staff, R"({"trancheNumber":1})");
  EXPECT_EQ(At(paid, "disbursed.amountMinor"), "2240000");
  Reply early = Send("POST", "/v1/" + g + ":payTranche", p.staff, R"({"trancheNumber":2})");
  EXPECT_EQ(early.status, 400);
  EXPECT_THAT(early.text, HasSubstr("final report"));
  Reply twice = Send("POST", "/v1/" + g + ":payTranche", p.staff, R"({"trancheNumber":1})");
  EXPECT_EQ(twice.status, 400);
  EXPECT_THAT(twice.text, HasSubstr("already paid"));
  // A return retried with its request id is recorded once.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto returned = Must(200, "POST", "/v1/" + g + ":recordReturn", p.staff,
                         absl::StrCat(R"({"amount":)", Eur(10'000), R"(,"requestId":"ret-1"})"));
    EXPECT_EQ(At(returned, "returned.amountMinor"), "10000");
  }
  Reply too_much = Send("POST", "/v1/" + g + ":recordReturn", p.staff,
                        absl::StrCat(R"({"amount":)", Eur(3'000'000), "}"));
  EXPECT_EQ(too_much.status, 400);
  EXPECT_THAT(too_much.text, HasSubstr("not yet returned"));

  // Reports: by the grantee, against the awarded budget's categories.
  Reply off_budget = Send(
      "POST", "/v1/reports", cso,
      absl::StrCat(R"({"grant":")", g, R"(","kind":"FINAL_REPORT","periodStart":"2027-01-01",)",
                   R"("periodEnd":"2027-12-31","expenditureLines":[)",
                   R"({"category":"travel","amount":)", Eur(100), "}]}"));
  EXPECT_EQ(off_budget.status, 400);
  EXPECT_THAT(off_budget.text, HasSubstr("report.expenditure_lines[0].category"));
  EXPECT_EQ(Send("POST", "/v1/reports", other_cso,
                 absl::StrCat(R"({"grant":")", g,
                              R"(","kind":"FINAL_REPORT","periodStart":"2027-01-01",)",
                              R"("periodEnd":"2027-12-31"})"))
                .status,
            403);
  auto report = Must(
      200, "POST", "/v1/reports", cso,
      absl::StrCat(R"({"grant":")", g, R"(","kind":"FINAL_REPORT","periodStart":"2027-01-01",)",
                   R"("periodEnd":"2027-12-31","narrative":{"en":"done"},)",
                   R"("expenditureLines":[{"category":"staff","amount":)", Eur(1'900'000),
                   R"(},{"category":"equipment","amount":)", Eur(600'000), "}]}"));
  const std::string r = At(report, "name");
  EXPECT_EQ(Send("GET", "/v1/" + r, other_cso).status, 404);
  Must(200, "POST", "/v1/" + r + ":submit", cso);
  EXPECT_EQ(Send("POST", "/v1/" + r + ":accept", cso, "{}").status, 403);
  Reply no_comment = Send("POST", "/v1/" + r + ":requestRevision", p.staff, "{}");
  EXPECT_EQ(no_comment.status, 400);
  Must(200, "POST", "/v1/" + r + ":requestRevision", p.staff, R"({"comment":"add receipts"})");
  Must(200, "POST", "/v1/" + r + ":submit", cso);
  Must(200, "POST", "/v1/" + r + ":accept", p.staff);
  auto counted = Must(200, "GET", "/v1/" + g, "");
  EXPECT_EQ(At(counted, "spent.amountMinor"), "2500000");
  EXPECT_EQ(At(counted, "finalReportAccepted"), "true");
  EXPECT_THAT(counted.DebugString(), HasSubstr("EXPENDITURE"));

  // Not closable yet: the balance of accepted costs (2,500,000 - 2,230,000 paid net) is due.
  Reply unpaid = Send("POST", "/v1/" + g + ":close", p.staff, "{}");
  EXPECT_EQ(unpaid.status, 400);
  EXPECT_THAT(unpaid.text, HasSubstr("balance of 270000"));
  auto balance = Must(200, "POST", "/v1/" + g + ":payTranche", p.staff, R"({"trancheNumber":2})");
  EXPECT_EQ(At(balance, "disbursed.amountMinor"), "2510000");
  EXPECT_THAT(balance.DebugString(), HasSubstr("REIMBURSEMENT"));
  auto closed = Must(200, "POST", "/v1/" + g + ":close", p.staff);
  EXPECT_EQ(At(closed, "state"), "GRANT_CLOSED");
  // Read-only once closed.
  Reply after_close = Send("POST", "/v1/" + g + ":recordReturn", p.staff,
                           absl::StrCat(R"({"amount":)", Eur(1), "}"));
  EXPECT_EQ(after_close.status, 400);
  EXPECT_THAT(after_close.text, HasSubstr("GRANT_CLOSED"));
  EXPECT_EQ(Send("POST", "/v1/reports", cso,
                 absl::StrCat(R"({"grant":")", g,
                              R"(","kind":"INTERIM_REPORT","periodStart":"2027-01-01",)",
                              R"("periodEnd":"2027-06-30"})"))
                .status,
            400);
}

TEST(GrantsRestTest, AwardsRacingForOneEnvelopeNeverOverCommit) {
  // 24 scored applications of 1,000,000 each against an envelope of 10,500,000: ten fit.
  Programme p = PublishedCall(10'500'000, 500'000, 1'000'000, 1);
  std::vector<std::string> applications;
  for (int i = 0; i < kApplicants; ++i) {
    applications.push_back(SubmittedApplication(p, i, 1'000'000));
    Review(p, applications.back(), absl::StrCat("racer-reviewer-", i), 7, 4);
  }
  std::atomic<int> awarded{0}, refused_naming_envelope{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < applications.size(); i += 8) {
        Reply r = Send("POST", "/v1/" + applications[i] + ":award", p.staff,
                       absl::StrCat(R"({"amount":)", Eur(1'000'000), "}"));
        if (r.status == 200) {
          ++awarded;
        } else if (r.status == 400 && r.text.find(p.call + "/awarded") != std::string::npos) {
          ++refused_naming_envelope;
        } else {
          ++other;
          ADD_FAILURE() << r.status << " " << r.text;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(awarded.load(), 10);
  EXPECT_EQ(refused_naming_envelope.load(), kApplicants - 10);
  EXPECT_EQ(other.load(), 0);
  // The refused applications are still scored: nothing half-written.
  int scored = 0;
  for (const std::string& a : applications) {
    scored += At(Must(200, "GET", "/v1/" + a, p.staff), "state") == "APPLICATION_SCORED";
  }
  EXPECT_EQ(scored, kApplicants - 10);
}

// EU programme (run by the EU) -> a 2,000,000 grant to the lead CSO -> the lead's sub-programme
// funded by that grant -> a 700,000 sub-grant to gr-cso-5; both pre-financings paid.
struct CascadeFixture {
  Programme eu, sub;
  std::string lead_grant, sub_grant;
};

CascadeFixture BuildCascade() {
  CascadeFixture c;
  c.eu = PublishedCall(5'000'000, 500'000, 3'000'000, 1, "", "gr-eu");
  const std::string to_lead = SubmittedApplication(c.eu, 0, 2'000'000, "gr-lead");
  Review(c.eu, to_lead, "cascade-reviewer-1", 9, 5);
  c.lead_grant = At(Must(200, "POST", "/v1/" + to_lead + ":award", c.eu.staff,
                         absl::StrCat(R"({"amount":)", Eur(2'000'000), "}")),
                    "name");
  Must(200, "POST", "/v1/" + c.lead_grant + ":payTranche", c.eu.staff, R"({"trancheNumber":1})");
  // A sub-programme above the grant is refused, naming the limit.
  Reply too_big =
      Send("POST", "/v1/programmes", stack->Token("cso", "organizations/gr-lead"),
           absl::StrCat(R"({"displayName":{"en":"Sub"},"funder":"organizations/gr-eu",)",
                        R"("leadOrganization":"organizations/gr-lead","envelope":)", Eur(2'000'001),
                        R"(,"parentGrant":")", c.lead_grant,
                        R"(","startDate":"2026-01-01","endDate":"2029-12-31"})"));
  EXPECT_EQ(too_big.status, 400) << too_big.text;
  EXPECT_THAT(too_big.text, HasSubstr(c.lead_grant + "/sub_programmes"));
  c.sub = PublishedCall(1'500'000, 100'000, 1'000'000, 1, "", "gr-lead", 2'000'000, c.lead_grant);
  const std::string to_cso = SubmittedApplication(c.sub, 5, 700'000);
  Review(c.sub, to_cso, "cascade-reviewer-2", 8, 4);
  c.sub_grant = At(Must(200, "POST", "/v1/" + to_cso + ":award", c.sub.staff,
                        absl::StrCat(R"({"amount":)", Eur(700'000), "}")),
                   "name");
  Must(200, "POST", "/v1/" + c.sub_grant + ":payTranche", c.sub.staff, R"({"trancheNumber":1})");
  return c;
}

TEST(GrantsRestTest, CascadeFromTheEuGrantDownToSubGrantsInOneCall) {
  CascadeFixture c = BuildCascade();
  const Programme& eu = c.eu;
  const Programme& sub = c.sub;
  const std::string& g1 = c.lead_grant;
  const std::string sub_grant_name = c.sub_grant;
  Reply cascade = Send("GET", "/v1/" + eu.name + ":cascade");
  ASSERT_EQ(cascade.status, 200) << cascade.text;
  EXPECT_EQ(At(cascade.body, "root.name"), eu.name);
  EXPECT_EQ(At(cascade.body, "root.committed.amountMinor"), "2000000");
  EXPECT_EQ(At(cascade.body, "root.disbursed.amountMinor"), "1600000");
  const auto& root = cascade.body.fields().at("root").struct_value();
  const auto& grant_level = root.fields().at("children").list_value().values(0).struct_value();
  EXPECT_EQ(At(grant_level, "name"), g1);
  EXPECT_EQ(At(grant_level, "recipient"), "organizations/gr-lead");
  const auto& sub_level = grant_level.fields().at("children").list_value().values(0).struct_value();
  EXPECT_EQ(At(sub_level, "name"), sub.name);
  EXPECT_EQ(At(sub_level, "committed.amountMinor"), "700000");
  EXPECT_EQ(At(sub_level, "disbursed.amountMinor"), "560000");
  const auto& leaf = sub_level.fields().at("children").list_value().values(0).struct_value();
  EXPECT_EQ(At(leaf, "name"), sub_grant_name);
  EXPECT_EQ(At(leaf, "recipient"), "organizations/gr-cso-5");
  // The same tree from the grant down.
  Reply from_grant = Send("GET", "/v1/" + g1 + ":cascade");
  ASSERT_EQ(from_grant.status, 200) << from_grant.text;
  EXPECT_THAT(from_grant.text, HasSubstr(sub_grant_name));
  EXPECT_EQ(Send("GET", "/v1/programmes/nope:cascade").status, 404);
}

// With an interim tranche: paid only once 70 % of what was paid is spent in accepted reports and
// an interim report is accepted.
TEST(GrantsRestTest, TheInterimTrancheWaitsForSpendingAndAnAcceptedInterimReport) {
  Programme p = PublishedCall(5'000'000, 100'000, 1'000'000, 1,
                              R"(,"trancheRules":{"preFinancingBp":8000,"spentBeforeNextBp":7000,)"
                              R"("interimBp":1000})");
  const std::string application = SubmittedApplication(p, 7, 1'000'000);
  Review(p, application, "interim-reviewer", 8, 4);
  auto grant = Must(200, "POST", "/v1/" + application + ":award", p.staff,
                    absl::StrCat(R"({"amount":)", Eur(1'000'000), "}"));
  const std::string g = At(grant, "name");
  EXPECT_THAT(grant.DebugString(), HasSubstr("INTERIM_REPORT"));  // a due date for it
  Must(200, "POST", "/v1/" + g + ":payTranche", p.staff, R"({"trancheNumber":1})");
  const std::string cso = stack->Token("cso", "organizations/gr-cso-7");
  auto interim_report = [&](int64_t spent) {
    auto r = Must(
        200, "POST", "/v1/reports", cso,
        absl::StrCat(R"({"grant":")", g, R"(","kind":"INTERIM_REPORT","periodStart":"2027-01-01",)",
                     R"("periodEnd":"2027-06-30","expenditureLines":[)",
                     R"({"category":"staff","amount":)", Eur(spent), "}]}"));
    Must(200, "POST", "/v1/" + At(r, "name") + ":submit", cso);
    Must(200, "POST", "/v1/" + At(r, "name") + ":accept", p.staff);
  };
  Reply no_report = Send("POST", "/v1/" + g + ":payTranche", p.staff, R"({"trancheNumber":2})");
  EXPECT_EQ(no_report.status, 400);
  EXPECT_THAT(no_report.text, HasSubstr("70% of what was paid spent"));
  interim_report(500'000);  // 500,000 of 800,000 paid: 62.5 %
  Reply short_of_70 = Send("POST", "/v1/" + g + ":payTranche", p.staff, R"({"trancheNumber":2})");
  EXPECT_EQ(short_of_70.status, 400);
  EXPECT_THAT(short_of_70.text, HasSubstr("500000 of 800000 spent"));
  interim_report(100'000);  // 600,000: 75 %
  auto paid = Must(200, "POST", "/v1/" + g + ":payTranche", p.staff, R"({"trancheNumber":2})");
  EXPECT_EQ(At(paid, "disbursed.amountMinor"), "900000");
  EXPECT_EQ(At(paid, "acceptedInterimReports"), "2");
}

// The grants of one programme as 360Giving JSON and CSV and as IATI XML, anonymously.
TEST(GrantsRestTest, ExportsAre360GivingAndWellFormedIatiXml) {
  CascadeFixture c = BuildCascade();
  const std::string filter = "?filter=programme%3D%22" + c.eu.name + "%22";
  const std::string lead_id = "360G-civitas-" + c.lead_grant.substr(strlen("grants/"));
  const std::string sub_id = "360G-civitas-" + c.sub_grant.substr(strlen("grants/"));

  Reply json = Send("GET", "/v1/grants:export360Giving" + filter);
  ASSERT_EQ(json.status, 200) << json.text;
  const auto& grants = json.body.fields().at("grants").list_value();
  ASSERT_EQ(grants.values_size(), 1) << json.text;
  const auto& g = grants.values(0).struct_value();
  EXPECT_EQ(At(g, "id"), lead_id);
  EXPECT_EQ(At(g, "title"), "Day care");
  EXPECT_EQ(At(g, "currency"), "EUR");
  EXPECT_EQ(At(g, "amountAwarded"), "20000");
  EXPECT_EQ(At(g, "awardDate").size(), 10u);
  EXPECT_EQ(At(g, "regrantType"), "FRG010");
  EXPECT_EQ(g.fields()
                .at("plannedDates")
                .list_value()
                .values(0)
                .struct_value()
                .fields()
                .at("startDate")
                .string_value(),
            "2027-01-01");
  const auto& recipient =
      g.fields().at("recipientOrganization").list_value().values(0).struct_value();
  EXPECT_EQ(At(recipient, "id"), "XI-CIVITAS-gr-lead");
  EXPECT_EQ(At(recipient, "name"), "gr-lead");
  const auto& funder = g.fields().at("fundingOrganization").list_value().values(0).struct_value();
  EXPECT_EQ(At(funder, "id"), "XI-CIVITAS-gr-eu");
  EXPECT_EQ(g.fields().at("beneficiaryLocation").list_value().values_size(), 1);
  // A sub-grant is not itself re-granted.
  Reply sub_json =
      Send("GET", "/v1/grants:export360Giving?filter=programme%3D%22" + c.sub.name + "%22");
  ASSERT_EQ(sub_json.status, 200) << sub_json.text;
  EXPECT_THAT(sub_json.text, ::testing::Not(HasSubstr("regrantType")));

  Reply csv = Send("GET", "/v1/grants:export360GivingCsv" + filter);
  ASSERT_EQ(csv.status, 200) << csv.text;
  EXPECT_THAT(csv.text, ::testing::StartsWith("Identifier,Title,Description,Currency,"
                                              "Amount Awarded,Award Date,"));
  EXPECT_THAT(csv.text, HasSubstr(lead_id + ",Day care,Day care,EUR,20000.00,"));
  EXPECT_THAT(csv.text, HasSubstr(",FRG010\r\n"));

  Reply xml = Send("GET", "/v1/grants:exportIati");
  ASSERT_EQ(xml.status, 200) << xml.text;
  EXPECT_THAT(xml.text, HasSubstr(R"(<iati-activities version="2.03")"));
  EXPECT_THAT(xml.text, HasSubstr("<iati-identifier>" + lead_id + "</iati-identifier>"));
  EXPECT_THAT(xml.text, HasSubstr(R"(<related-activity ref=")" + sub_id + R"(" type="2"/>)"));
  EXPECT_THAT(xml.text, HasSubstr(R"(<related-activity ref=")" + lead_id + R"(" type="1"/>)"));
  EXPECT_THAT(xml.text, HasSubstr(R"(<transaction-type code="2"/>)"));
  EXPECT_THAT(xml.text, HasSubstr(R"(<transaction-type code="3"/>)"));
  EXPECT_THAT(xml.text, HasSubstr(R"(role="4")"));
  // Well-formed: xmllint (libxml2-utils) parses the whole document.
  const std::string path = ::testing::TempDir() + "/iati.xml";
  {
    std::ofstream out(path);
    out << xml.text;
  }
  EXPECT_EQ(std::system(("xmllint --noout '" + path + "'").c_str()), 0) << xml.text;
  // A bad filter is a 400 before any byte of the document.
  EXPECT_EQ(Send("GET", "/v1/grants:exportIati?filter=nonsense%3D1").status, 400);
}

TEST(GrantsRestTest, AnonymousCallersReadPublicRecordsAndChangeNothing) {
  Programme p = PublishedCall(1'000'000, 100'000, 500'000, 1);
  EXPECT_EQ(Send("GET", "/v1/" + p.call).status, 200);
  EXPECT_EQ(Send("GET", "/v1/" + p.name).status, 200);
  EXPECT_EQ(Send("POST", "/v1/programmes", "", R"({"displayName":{"en":"x"}})").status, 401);
  EXPECT_EQ(Send("POST", "/v1/" + p.call + ":close", "", "{}").status, 401);
  EXPECT_EQ(Send("GET", "/v1/applications", "").status, 401);
  // Another organisation cannot touch the programme's calls.
  const std::string outsider = stack->Token("cso", "organizations/gr-cso-3");
  EXPECT_EQ(Send("POST", "/v1/" + p.call + ":close", outsider, "{}").status, 403);
  EXPECT_EQ(Send("POST", "/v1/" + p.name + ":close", outsider, "{}").status, 403);
}

}  // namespace
}  // namespace civitas::testing
