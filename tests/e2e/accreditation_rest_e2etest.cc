// End to end over REST: the accreditation procedure through the gateway against real registry
// and accreditation services: standards, a case through its four stages with each role's view,
// the numbered certificate, the public register and its point-in-time answers, suspension and
// withdrawal, a provisional accreditation, and bad input refused without a change.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/common/calendar.h"
#include "tests/e2e/accreditation_steps.h"
#include "tests/e2e/civitas_stack.h"
#include "tests/e2e/rest_steps.h"

namespace civitas::testing {
namespace {

using ::testing::HasSubstr;

// Polls the registry's social service until its accreditation status is `status` (and, when
// given, its certificate `number`); the time it took, or nullopt after 30 s.
std::optional<absl::Duration> RegistryShows(const std::string& service, const std::string& status,
                                            const std::string& number = "") {
  const absl::Time start = absl::Now();
  while (absl::Now() - start < absl::Seconds(30)) {
    Reply r = Send("GET", "/v1/" + service, "");
    if (r.status == 200 && At(r.body, "accreditationStatus") == status &&
        (number.empty() || At(r.body, "accreditationCertificate") == number)) {
      return absl::Now() - start;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  return std::nullopt;
}

TEST(AccreditationRestTest, TheProcedureToACertificateWithEachRolesView) {
  const std::string keystone = Provider("ac-keystone");
  const std::string other = Provider("ac-other");
  const std::string assessor = rest_stack->Token("assessor", "", "assessor-ion");
  const std::string wrong_assessor = rest_stack->Token("assessor", "", "assessor-ana");
  Must(200, "POST", "/v1/cases?caseId=k1", keystone,
       R"({"provider":"organizations/ac-keystone","country":"MD","kind":"INITIAL",)"
       R"("serviceTypes":["day-care"],"socialServices":["socialServices/ac-keystone-day-care"],)"
       R"("eligibility":[{"condition":"QUALIFIED_STAFF","evidence":"12 licensed workers"}]})");
  // Another CSO neither sees nor changes it, nor opens cases for Keystone.
  Must(404, "GET", "/v1/cases/k1", other);
  Must(404, "PATCH", "/v1/cases/k1", other, R"({"serviceTypes":["day-care","home-care"]})");
  Reply foreign = Send("POST", "/v1/cases?caseId=k2", other,
                       R"({"provider":"organizations/ac-keystone","country":"MD",)"
                       R"("kind":"INITIAL","serviceTypes":["day-care"]})");
  EXPECT_EQ(foreign.status, 403) << foreign.text;
  Must(401, "GET", "/v1/cases/k1", "");
  // The provider cannot judge itself; the body's verdicts come with who and when.
  Must(403, "POST", "/v1/cases/k1:recordEligibility", keystone, kAllMet);
  // The body judges the evidence and may not rewrite it; the provider's edits are in the history.
  const std::string evidence =
      R"({"eligibility":[{"condition":"QUALIFIED_STAFF","evidence":"14 licensed workers"}]})";
  Reply rewrite = Send("PATCH", "/v1/cases/k1?updateMask=eligibility", Body(), evidence);
  EXPECT_EQ(rewrite.status, 403) << rewrite.text;
  Reply edited = Send("PATCH", "/v1/cases/k1?updateMask=eligibility", keystone, evidence);
  ASSERT_EQ(edited.status, 200) << edited.text;
  EXPECT_THAT(edited.text, HasSubstr(R"x("note":"edited eligibility (QUALIFIED_STAFF)")x"));
  EXPECT_THAT(edited.text, HasSubstr("14 licensed workers"));
  // An assessor not assigned does not see the case at all.
  Reply early =
      Send("POST", "/v1/cases/k1:submitEvaluation", assessor,
           absl::StrCat(R"({"siteVisitDate":")", Today(), R"(","scores":)", Scores(4, 8), "}"));
  EXPECT_EQ(early.status, 404) << early.text;
  // Illegal transitions name the current stage.
  Reply stage = Send("POST", "/v1/cases/k1:submitSelfAssessment", keystone,
                     absl::StrCat(R"({"selfAssessment":)", Scores(5, 9), "}"));
  EXPECT_EQ(stage.status, 400) << stage.text;
  EXPECT_EQ(At(stage.body, "code"), "FAILED_PRECONDITION");
  EXPECT_THAT(At(stage.body, "detail"), HasSubstr("is CASE_INITIATION"));
  Reply not_met = Send("POST", "/v1/cases/k1:startSelfAssessment", Body());
  EXPECT_EQ(not_met.status, 400) << not_met.text;
  EXPECT_EQ(At(not_met.body, "code"), "FAILED_PRECONDITION");
  EXPECT_THAT(At(not_met.body, "detail"), HasSubstr("LEGALLY_CONSTITUTED"));
  Reply judged = Send("POST", "/v1/cases/k1:recordEligibility", Body(), kAllMet);
  EXPECT_EQ(judged.status, 200) << judged.text;
  EXPECT_THAT(judged.text, HasSubstr(R"("verdict":"MET","actor":"council@md")"));
  auto started = Must(200, "POST", "/v1/cases/k1:startSelfAssessment", Body());
  EXPECT_EQ(At(started, "state"), "CASE_SELF_ASSESSMENT");
  EXPECT_THAT(Send("GET", "/v1/cases/k1", keystone).text,
              HasSubstr(R"("standard":"standards/md-day-care-v1")"));
  Reply skipped = Send("POST", "/v1/cases/k1:submitSelfAssessment", keystone,
                       R"({"selfAssessment":[{"serviceType":"day-care","scores":[]}]})");
  EXPECT_EQ(skipped.status, 400);
  EXPECT_THAT(skipped.text, HasSubstr("criterion 'staff'"));
  Must(200, "POST", "/v1/cases/k1:submitSelfAssessment", keystone,
       absl::StrCat(R"({"selfAssessment":)", Scores(5, 9), "}"));
  // The assessor sees the case once assigned, and only the assigned one.
  Must(404, "GET", "/v1/cases/k1", assessor);
  Must(200, "POST", "/v1/cases/k1:assignAssessor", Body(), R"({"assessor":"assessor-ion"})");
  Must(200, "GET", "/v1/cases/k1", assessor);
  Must(404, "GET", "/v1/cases/k1", wrong_assessor);
  Must(400, "POST", "/v1/cases/k1:decide", Body(), R"({"outcome":"ACCREDIT"})");
  Must(200, "POST", "/v1/cases/k1:submitEvaluation", assessor,
       absl::StrCat(R"({"siteVisitDate":")", Today(), R"(","scores":)", Scores(4, 8),
                    R"(,"findings":[{"id":"f1","severity":"MINOR","description":"signage"}]})"));
  Must(403, "POST", "/v1/cases/k1:decide", keystone, R"({"outcome":"ACCREDIT"})");
  auto decided = Must(200, "POST", "/v1/cases/k1:decide", Body(), R"({"outcome":"ACCREDIT"})");
  EXPECT_EQ(At(decided, "state"), "CASE_DECIDED");
  const std::string certificate = At(decided, "decision.certificate");
  ASSERT_THAT(certificate, ::testing::StartsWith("certificates/md-"));

  // The register is public: the certificate, its validity, the yes/no on a date.
  auto issued = Must(200, "GET", "/v1/" + certificate, "");
  // The registry follows through the outbox: the social service shows the certificate.
  auto lag = RegistryShows("socialServices/ac-keystone-day-care", "INITIAL", At(issued, "number"));
  ASSERT_TRUE(lag.has_value()) << "the registry never showed the accreditation";
  std::cout << "registry sync lag after the decision: " << absl::ToDoubleMilliseconds(*lag)
            << " ms\n";
  EXPECT_EQ(At(issued, "provider"), "organizations/ac-keystone");
  EXPECT_EQ(At(issued, "kind"), "INITIAL");
  EXPECT_EQ(At(issued, "state"), "ACTIVE");
  EXPECT_EQ(At(issued, "validFrom"), Today());
  absl::CivilDay today;
  ASSERT_TRUE(ParseDay(Today(), &today));
  EXPECT_EQ(At(issued, "validTo"), FormatDay(AddMonths(today, 12) - 1));
  const std::string check =
      "/v1/certificates:check?provider=organizations/ac-keystone&serviceType=day-care";
  auto yes = Must(200, "GET", check, "");
  EXPECT_EQ(At(yes, "accredited"), "true");
  EXPECT_EQ(At(yes, "certificate.name"), certificate);
  auto before = Must(200, "GET", check + "&date=" + FormatDay(today - 1), "");
  EXPECT_EQ(At(before, "accredited"), "false") << "explicit false, not an omitted field";
  auto other_type =
      Must(200, "GET",
           "/v1/certificates:check?provider=organizations/ac-keystone&serviceType=respite", "");
  EXPECT_EQ(At(other_type, "accredited"), "false");
  EXPECT_THAT(Send("GET", "/v1/certificates?filter=territory%3D%22territories%2Fac-md%22", "").text,
              HasSubstr(certificate));
  EXPECT_THAT(Send("GET", "/v1/certificates?validOn=" + FormatDay(today - 1), "").text,
              ::testing::Not(HasSubstr(certificate)));

  // Suspended from today: no longer accredited today; the certificate's history says why.
  Must(400, "POST", "/v1/" + certificate + ":suspend", Body(),
       absl::StrCat(R"({"reason":"inspection","effectiveFrom":")", FormatDay(today - 1), R"("})"));
  Must(403, "POST", "/v1/" + certificate + ":suspend", keystone, R"({"reason":"x"})");
  auto suspended = Must(200, "POST", "/v1/" + certificate + ":suspend", Body(),
                        R"({"reason":"fire inspection pending"})");
  EXPECT_EQ(At(suspended, "state"), "SUSPENDED");
  EXPECT_TRUE(RegistryShows("socialServices/ac-keystone-day-care", "ACCREDITATION_SUSPENDED"));
  auto no = Must(200, "GET", check, "");
  EXPECT_EQ(At(no, "accredited"), "false");
  EXPECT_EQ(At(no, "stateOnDate"), "SUSPENDED");
  auto reinstated = Must(200, "POST", "/v1/" + certificate + ":reinstate", Body(),
                         R"({"reason":"inspection passed"})");
  EXPECT_EQ(At(reinstated, "state"), "ACTIVE");
  EXPECT_TRUE(RegistryShows("socialServices/ac-keystone-day-care", "INITIAL"));
  // Withdrawn from a later date: in force until then.
  auto withdrawn = Must(200, "POST", "/v1/" + certificate + ":withdraw", Body(),
                        absl::StrCat(R"({"reason":"provider closes the service",)",
                                     R"("effectiveFrom":")", FormatDay(today + 30), R"("})"));
  EXPECT_EQ(At(withdrawn, "state"), "ACTIVE");
  EXPECT_EQ(At(Must(200, "GET", check + "&date=" + FormatDay(today + 29), ""), "accredited"),
            "true");
  auto after = Must(200, "GET", check + "&date=" + FormatDay(today + 30), "");
  EXPECT_EQ(At(after, "accredited"), "false");
  EXPECT_EQ(At(after, "stateOnDate"), "WITHDRAWN");
  Must(400, "POST", "/v1/cases/k1:withdraw", keystone, R"({"reason":"too late"})");
}

TEST(AccreditationRestTest, MajorFindingsLeadToAProvisionalCertificateWithDeadlines) {
  const std::string name =
      Evaluated("ac-aopd", "aopd-1", 5, 9,
                R"([{"id":"f1","severity":"MAJOR","description":"fire exits blocked"}])");
  Reply refused = Send("POST", "/v1/" + name + ":decide", Body(), R"({"outcome":"ACCREDIT"})");
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(At(refused.body, "detail"), HasSubstr("finding f1 is MAJOR"));
  absl::CivilDay today;
  ASSERT_TRUE(ParseDay(Today(), &today));
  const std::string deadline = FormatDay(today + 60);
  Reply uncovered = Send("POST", "/v1/" + name + ":decide", Body(),
                         R"({"outcome":"ACCREDIT_PROVISIONALLY","reasons":["fire safety"]})");
  EXPECT_EQ(uncovered.status, 400);
  EXPECT_THAT(uncovered.text, HasSubstr("corrective_actions"));
  auto decided =
      Must(200, "POST", "/v1/" + name + ":decide", Body(),
           absl::StrCat(R"({"outcome":"ACCREDIT_PROVISIONALLY","reasons":["fire safety"],)",
                        R"("correctiveActions":[{"id":"ca1","finding":"f1",)",
                        R"("description":"clear the exits","deadline":")", deadline, R"("}]})"));
  auto certificate = Must(200, "GET", "/v1/" + At(decided, "decision.certificate"), "");
  EXPECT_EQ(At(certificate, "kind"), "PROVISIONAL");
  EXPECT_EQ(At(certificate, "validTo"), deadline) << "ends with the last deadline";
  // Nothing overdue yet; the body lists overdue actions, nobody else.
  EXPECT_THAT(Must(200, "GET", "/v1/cases:overdueCorrectiveActions", Body()).fields(),
              ::testing::IsEmpty());
  Must(403, "GET", "/v1/cases:overdueCorrectiveActions", Provider("ac-aopd"));
  EXPECT_THAT(
      Send("GET", "/v1/cases:overdueCorrectiveActions?asOf=" + FormatDay(today + 61), Body()).text,
      HasSubstr(R"("daysOverdue":1)"));
  Must(200, "POST", "/v1/" + name + ":completeCorrectiveAction", Body(),
       R"({"action":"ca1","note":"exits cleared"})");
  EXPECT_THAT(
      Send("GET", "/v1/cases:overdueCorrectiveActions?asOf=" + FormatDay(today + 61), Body()).text,
      ::testing::Not(HasSubstr("ca1")))
      << "done, so no longer overdue";
  EXPECT_THAT(Send("GET", "/v1/" + name, Body()).text, HasSubstr("ACTION_DONE"));
  // Expiring within 90 days: the provisional certificate.
  EXPECT_THAT(Send("GET", "/v1/certificates:expiring?withinDays=90", "").text,
              HasSubstr(At(decided, "decision.certificate")));
}

TEST(AccreditationRestTest,
     TheRegistryFollowsEveryDecisionOnceThroughKillsOfEitherServiceAndRedis) {
  constexpr int kProviders = 24;
  std::vector<std::string> cases;
  for (int i = 0; i < kProviders; ++i) {
    const std::string id = absl::StrCat("ac-ev-", i);
    RegisterProvider(id);
    cases.push_back(Evaluated(id, absl::StrCat("ev-", i), 5, 9));
  }
  std::vector<std::string> numbers(kProviders);
  auto decide = [&](int i) {
    auto decided =
        Must(200, "POST", "/v1/" + cases[i] + ":decide", Body(), R"({"outcome":"ACCREDIT"})");
    numbers[i] = At(Must(200, "GET", "/v1/" + At(decided, "decision.certificate"), ""), "number");
  };
  const int third = kProviders / 3;
  for (int i = 0; i < third; ++i) decide(i);
  // The producer dies between decisions: what it wrote is in its outbox and still reaches the
  // registry.
  ASSERT_TRUE(rest_stack->KillServiceThenRestart("accreditation").ok());
  for (int i = third; i < 2 * third; ++i) decide(i);
  // The registry, which consumes them, dies with events in flight: those it did not acknowledge
  // are taken again; those it applied change nothing again (its copy holds that version).
  ASSERT_TRUE(rest_stack->KillServiceThenRestart("registry").ok());
  for (int i = 2 * third; i < kProviders; ++i) decide(i);
  // Redis dies too: what it acknowledged (events, idempotency records) survives (AOF, fsync).
  ASSERT_TRUE(rest_stack
                  ->KillRedisThenRestart({"/v1/territories?pageSize=1", "/v1/programmes?pageSize=1",
                                          "/v1/policies?pageSize=1", "/v1/campaigns?pageSize=1"})
                  .ok());

  for (int i = 0; i < kProviders; ++i) {
    const std::string service = absl::StrCat("socialServices/ac-ev-", i, "-day-care");
    EXPECT_TRUE(RegistryShows(service, "INITIAL", numbers[i]).has_value())
        << service << " lost its update";
    // Created at etag 1; one accreditation change since: 2. A second application would be 3.
    EXPECT_EQ(At(Must(200, "GET", "/v1/" + service, ""), "etag"), "2")
        << service << " was updated more than once";
  }
}

// A scored application of `applicant` to `call` (one reviewer), as the grants e2e makes them.
std::string Scored(const std::string& call, const std::string& applicant, const std::string& id,
                   const std::string& lead_staff) {
  const std::string own = Provider(applicant);
  Must(200, "POST", "/v1/applications?applicationId=" + id, own,
       absl::StrCat(R"({"call":")", call, R"(","applicant":"organizations/)", applicant,
                    R"(","title":{"en":"Day care"},"requestedAmount":{"currencyCode":"EUR",)",
                    R"("amountMinor":"1000000"},"budgetLines":[{"category":"staff","amount":)",
                    R"({"currencyCode":"EUR","amountMinor":"1000000"}}],)",
                    R"("startDate":"2027-01-01","endDate":"2027-12-31"})"));
  auto submitted = Must(200, "POST", "/v1/applications/" + id + ":submit", own);
  if (At(submitted, "state") != "APPLICATION_ELIGIBLE") return At(submitted, "state");
  Must(200, "POST", "/v1/reviews?reviewId=" + id, lead_staff,
       absl::StrCat(R"({"application":"applications/)", id, R"(","reviewer":"reviewer-ac"})"));
  const std::string reviewer = rest_stack->Token("reviewer", "", "reviewer-ac");
  Must(200, "POST", "/v1/reviews/" + id + ":declareConflictOfInterest", reviewer,
       R"({"conflictOfInterest":false})");
  Must(200, "POST", "/v1/reviews/" + id + ":submit", reviewer,
       R"({"scores":[{"criterion":"relevance","score":8}]})");
  return "APPLICATION_SCORED";
}

TEST(AccreditationRestTest, ACallRequiringAccreditationAsksAtSubmissionAndAgainAtTheAward) {
  for (const char* id : {"ac-grantee", "ac-unaccredited", "ac-lead"}) RegisterProvider(id);
  auto decided = Must(200, "POST", "/v1/" + Evaluated("ac-grantee", "grantee-1", 5, 9) + ":decide",
                      Body(), R"({"outcome":"ACCREDIT"})");
  const std::string certificate = At(decided, "decision.certificate");
  const std::string lead = Provider("ac-lead");
  const std::string open =
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now() - absl::Hours(1), absl::UTCTimeZone());
  Must(200, "POST", "/v1/programmes?programmeId=ac-prog", lead,
       R"({"displayName":{"en":"Accredited services"},"funder":"organizations/ac-lead",)"
       R"("leadOrganization":"organizations/ac-lead","envelope":{"currencyCode":"EUR",)"
       R"("amountMinor":"10000000"},"startDate":"2026-01-01","endDate":"2029-12-31"})");
  Must(200, "POST", "/v1/programmes/ac-prog:open", lead);
  Must(200, "POST", "/v1/calls?callId=ac-call", lead,
       absl::StrCat(R"({"programme":"programmes/ac-prog","displayName":{"en":"Day care"},)",
                    R"("envelope":{"currencyCode":"EUR","amountMinor":"5000000"},)",
                    R"("minAward":{"currencyCode":"EUR","amountMinor":"100000"},)",
                    R"("maxAward":{"currencyCode":"EUR","amountMinor":"2000000"},)",
                    R"("openTime":")", open, R"(","closeTime":"2029-12-31T00:00:00Z",)",
                    R"("eligibility":{"requiredAccreditations":["day-care"]},)",
                    R"("criteria":[{"id":"relevance","title":{"en":"Relevance"},"maxScore":10,)",
                    R"("weightPercent":100}],"reviewersPerApplication":1})"));
  Must(200, "POST", "/v1/calls/ac-call:publish", lead);

  // Not accredited: ineligible at submission, the rule named.
  EXPECT_EQ(Scored("calls/ac-call", "ac-unaccredited", "ac-app-2", lead), "APPLICATION_INELIGIBLE");
  EXPECT_THAT(Send("GET", "/v1/applications/ac-app-2", Provider("ac-unaccredited")).text,
              HasSubstr(R"("rule":"accreditation")"));
  // Accredited: eligible, reviewed; then suspended before the award: the award is refused.
  ASSERT_EQ(Scored("calls/ac-call", "ac-grantee", "ac-app-1", lead), "APPLICATION_SCORED");
  Must(200, "POST", "/v1/" + certificate + ":suspend", Body(), R"({"reason":"inspection"})");
  Reply refused = Send("POST", "/v1/applications/ac-app-1:award", lead,
                       R"({"amount":{"currencyCode":"EUR","amountMinor":"1000000"}})");
  EXPECT_EQ(refused.status, 400) << refused.text;
  EXPECT_THAT(At(refused.body, "detail"),
              HasSubstr("organizations/ac-grantee is not accredited for day-care"));
  EXPECT_THAT(At(refused.body, "detail"), HasSubstr("is SUSPENDED"));
  Must(200, "POST", "/v1/" + certificate + ":reinstate", Body(), R"({"reason":"passed"})");
  auto grant = Must(200, "POST", "/v1/applications/ac-app-1:award", lead,
                    R"({"amount":{"currencyCode":"EUR","amountMinor":"1000000"}})");
  EXPECT_EQ(At(grant, "recipient"), "organizations/ac-grantee");
  // The grant runs to 2027-12-31, past the initial certificate's 12 months: at risk, for the
  // lead organisation's staff and for the grantee; nobody else's business.
  Reply at_risk = Send("GET", "/v1/grants:atRisk?programme=programmes/ac-prog", lead);
  ASSERT_EQ(at_risk.status, 200) << at_risk.text;
  EXPECT_THAT(at_risk.text, HasSubstr(R"("grant":"grants/ac-app-1")"));
  EXPECT_THAT(at_risk.text, HasSubstr(R"("stateOnEndDate":"EXPIRED")"));
  EXPECT_THAT(at_risk.text, HasSubstr(R"("endDate":"2027-12-31")"));
  EXPECT_THAT(Send("GET", "/v1/grants:atRisk", Provider("ac-grantee")).text,
              HasSubstr("grants/ac-app-1"));
  EXPECT_THAT(Send("GET", "/v1/grants:atRisk", Provider("ac-unaccredited")).text,
              ::testing::Not(HasSubstr("grants/ac-app-1")));
  Must(401, "GET", "/v1/grants:atRisk", "");
}

TEST(AccreditationRestTest, AServiceContractNeedsItsProviderAccreditedWhenItStarts) {
  const std::string admin = rest_stack->Token("admin");
  Must(200, "POST", "/v1/organizations?organizationId=ac-municipality", admin,
       R"({"type":"PUBLIC_AUTHORITY","displayName":{"en":"Chisinau municipality"},)"
       R"("territories":["territories/ac-md-cu"]})");
  RegisterProvider("ac-contractor");
  auto contract = [&](const std::string& start) {
    return Send("POST", "/v1/partnerships", admin,
                absl::StrCat(R"({"kind":"SERVICE_CONTRACT","title":"Day care places",)",
                             R"("cso":"organizations/ac-contractor",)",
                             R"("authority":"organizations/ac-municipality",)",
                             R"("socialService":"socialServices/ac-contractor-day-care",)",
                             R"("volume":120,"volumeUnit":"beneficiary-months",)",
                             R"("unitCost":{"currencyCode":"EUR","amountMinor":"25000"},)",
                             R"("startDate":")", start, R"(","endDate":"2027-12-31"})"));
  };
  absl::CivilDay today;
  ASSERT_TRUE(ParseDay(Today(), &today));
  Reply none = contract(Today());
  EXPECT_EQ(none.status, 400) << none.text;
  EXPECT_THAT(none.text, HasSubstr("is not accredited for day-care on " + Today()));
  EXPECT_THAT(none.text, HasSubstr("(no certificate)"));
  EXPECT_THAT(none.text, ::testing::Not(HasSubstr("end_date"))) << "the only violation";
  auto decided =
      Must(200, "POST", "/v1/" + Evaluated("ac-contractor", "contractor-1", 5, 9) + ":decide",
           Body(), R"({"outcome":"ACCREDIT"})");
  const std::string certificate = At(decided, "decision.certificate");
  // The registry answers from its copy of the certificates, kept from the accreditation
  // service's events: once the service shows the certificate, the copy holds it.
  ASSERT_TRUE(RegistryShows("socialServices/ac-contractor-day-care", "INITIAL"));
  Reply accredited = contract(Today());
  EXPECT_EQ(accredited.status, 200) << accredited.text;
  EXPECT_EQ(contract(FormatDay(today - 1)).status, 400) << "accredited only from today";
  Must(200, "POST", "/v1/" + certificate + ":suspend", Body(), R"({"reason":"inspection"})");
  ASSERT_TRUE(RegistryShows("socialServices/ac-contractor-day-care", "ACCREDITATION_SUSPENDED"));
  Reply suspended = contract(Today());
  EXPECT_EQ(suspended.status, 400) << suspended.text;
  EXPECT_THAT(suspended.text, HasSubstr("is SUSPENDED)"));
}

TEST(AccreditationRestTest, BadInputIsRefusedNamingTheFieldAndChangesNothing) {
  const std::string body = Body();
  Reply weights = Send("POST", "/v1/standards", body,
                       R"({"country":"MD","serviceType":"day-care","version":2,)"
                       R"("effectiveFrom":"2030-01-01","criteria":[{"id":"a","title":{"en":"A"},)"
                       R"("weightPercent":50,"maxScore":5}]})");
  EXPECT_EQ(weights.status, 400);
  EXPECT_THAT(weights.text, HasSubstr("weights sum to 50"));
  Reply unknown_type = Send("POST", "/v1/standards", body,
                            R"({"country":"MD","serviceType":"astrology","version":1,)"
                            R"("effectiveFrom":"2030-01-01","criteria":[{"id":"a","title":)"
                            R"({"en":"A"},"weightPercent":100,"maxScore":5}]})");
  EXPECT_EQ(unknown_type.status, 400);
  EXPECT_THAT(unknown_type.text, HasSubstr("not in the registry's service type catalogue"));
  Reply duplicate = Send("POST", "/v1/standards", body,
                         R"({"country":"MD","serviceType":"day-care","version":1,)"
                         R"("effectiveFrom":"2030-01-01","criteria":[{"id":"a","title":)"
                         R"({"en":"A"},"weightPercent":100,"maxScore":5}]})");
  EXPECT_EQ(duplicate.status, 409) << duplicate.text;
  // A published standard is frozen.
  Reply frozen = Send("PATCH", "/v1/standards/md-day-care-v1", body, R"({"passScorePercent":10})");
  EXPECT_EQ(frozen.status, 400);
  EXPECT_THAT(frozen.text, HasSubstr("frozen"));
  Reply wrong_type = Send("POST", "/v1/cases", Provider("ac-other"),
                          R"({"provider":"organizations/ac-other","country":"MD",)"
                          R"("kind":"INITIAL","serviceTypes":"day-care"})");
  EXPECT_EQ(wrong_type.status, 400);
  Reply foreign_service = Send("POST", "/v1/cases", Provider("ac-other"),
                               R"({"provider":"organizations/ac-other","country":"MD",)"
                               R"("kind":"INITIAL","serviceTypes":["day-care"],)"
                               R"("socialServices":["socialServices/ac-keystone-day-care"]})");
  EXPECT_EQ(foreign_service.status, 400);
  EXPECT_THAT(foreign_service.text, HasSubstr("is provided by organizations/ac-keystone"));
  Reply no_policy = Send("POST", "/v1/cases", Provider("ac-other"),
                         R"({"provider":"organizations/ac-other","country":"GE",)"
                         R"("kind":"INITIAL","serviceTypes":["day-care"]})");
  EXPECT_EQ(no_policy.status, 400);
  Must(400, "GET", "/v1/certificates:check?provider=organizations/ac-keystone", "");
  Must(400, "GET",
       "/v1/certificates:check?provider=organizations/"
       "ac-keystone&serviceType=day-care&date=2026-02-30",
       "");
  Must(
      401, "POST", "/v1/policies?policyId=ge", "",
      R"({"initialValidityMonths":12,"periodicValidityMonths":60,"provisionalValidityMonths":12})");
  Must(
      403, "POST", "/v1/policies?policyId=ge", Provider("ac-other"),
      R"({"initialValidityMonths":12,"periodicValidityMonths":60,"provisionalValidityMonths":12})");
  Must(404, "GET", "/v1/policies/ge", "");
  // Nothing of the refused cases was written.
  EXPECT_THAT(Send("GET", "/v1/cases", Provider("ac-other")).text,
              ::testing::Not(HasSubstr("ac-other")));
}

}  // namespace
}  // namespace civitas::testing
