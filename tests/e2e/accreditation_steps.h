// The accreditation e2e binary's shared steps: the stack (registry, grants, accreditation and
// gateway over one redis-server) set up once with Moldova's policy and a day care standard, three
// registered providers (ac-keystone, ac-aopd, ac-other) with their day care services, and a case
// walked to its decision. Included by each of the binary's test files.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/common/calendar.h"
#include "tests/e2e/civitas_stack.h"
#include "tests/e2e/rest_steps.h"

namespace civitas::testing {

// A CSO `id` in the registry with its day care service `socialServices/<id>-day-care`.
inline void RegisterProvider(const std::string& id) {
  const std::string admin = rest_stack->Token("admin");
  Must(200, "POST", "/v1/organizations?organizationId=" + id, admin,
       absl::StrCat(R"({"type":"CSO","displayName":{"en":")", id,
                    R"("},"territories":["territories/ac-md"]})"));
  Must(200, "POST", absl::StrCat("/v1/socialServices?socialServiceId=", id, "-day-care"), admin,
       absl::StrCat(R"({"displayName":{"en":"Day care"},"serviceType":"day-care",)",
                    R"("provider":"organizations/)", id,
                    R"(","territory":"territories/ac-md-cu"})"));
}

class StackEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    // The registry's certificate sync takes an unacknowledged event again after 0.5 s (not 30):
    // the tests kill the consumer mid-flow and want its events taken up again soon.
    // Advocacy looks for overdue commitments every second (not hourly): its test waits for the
    // alert.
    auto s = CivitasStack::Start(
        {.service_flags = {{"registry", {"--certificate_sync_claim_idle_ms=500"}},
                           {"advocacy", {"--commitment_alerts_interval_s=1"}}}});
    ASSERT_TRUE(s.ok()) << s.status();
    stack_ = std::move(s).value();
    rest_stack = stack_.get();
    const std::string admin = rest_stack->Token("admin");
    Must(200, "POST", "/v1/territories?territoryId=ac-md", admin,
         R"({"displayName":{"en":"Moldova"},"level":"COUNTRY","code":"ACMD"})");
    Must(200, "POST", "/v1/territories?territoryId=ac-md-cu", admin,
         R"({"displayName":{"en":"Chisinau"},"level":"REGION","code":"ACMDCU",)"
         R"("parent":"territories/ac-md"})");
    for (const char* id : {"ac-keystone", "ac-aopd", "ac-other"}) RegisterProvider(id);
    const std::string body = Body();
    Must(
        200, "POST", "/v1/policies?policyId=md", body,
        R"({"displayName":{"en":"Moldova"},"initialValidityMonths":12,)"
        R"("periodicValidityMonths":60,"provisionalValidityMonths":12,"legalBasis":"HG 95/2014"})");
    Must(200, "POST", "/v1/standards?standardId=md-day-care-v1", body,
         absl::StrCat(R"({"country":"MD","serviceType":"day-care","version":1,"effectiveFrom":")",
                      Today(), R"(","passScorePercent":60,"criteria":[)",
                      R"({"id":"staff","title":{"en":"Qualified staff"},"weightPercent":60,)",
                      R"("maxScore":5,"mandatory":true,"minScore":3},)",
                      R"({"id":"premises","title":{"en":"Premises"},"weightPercent":40,)",
                      R"("maxScore":10}]})"));
    Must(200, "POST", "/v1/standards/md-day-care-v1:publish", body);
  }
  void TearDown() override { stack_.reset(); }

  static std::string Body() { return rest_stack->Token("ministry", "", "council@md"); }
  static std::string Today() { return DateOf(absl::Now()); }

 private:
  std::unique_ptr<CivitasStack> stack_;
};

inline const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new StackEnvironment);

inline std::string Body() { return StackEnvironment::Body(); }
inline std::string Today() { return StackEnvironment::Today(); }
inline std::string Provider(const std::string& id) {
  return rest_stack->Token("cso", "organizations/" + id, "staff@" + id);
}

inline constexpr char kAllMet[] =
    R"({"verdicts":[{"condition":"LEGALLY_CONSTITUTED","verdict":"MET"},)"
    R"({"condition":"SERVICES_IN_FOUNDING_ACT","verdict":"MET"},)"
    R"({"condition":"FINANCIALLY_SUSTAINABLE","verdict":"MET"},)"
    R"({"condition":"QUALIFIED_STAFF","verdict":"MET"},)"
    R"({"condition":"APPLIES_QUALITY_STANDARDS","verdict":"MET"}]})";

inline std::string Scores(int staff, int premises) {
  return absl::StrCat(R"([{"serviceType":"day-care","scores":[{"criterion":"staff","score":)",
                      staff, R"(},{"criterion":"premises","score":)", premises, "}]}]");
}

// A case of `provider` walked to CASE_DECISION with the assessor's scores and findings.
inline std::string Evaluated(const std::string& provider, const std::string& case_id, int staff,
                             int premises, const std::string& findings = "[]",
                             const std::string& kind = "INITIAL") {
  const std::string name = "cases/" + case_id;
  const std::string own = Provider(provider);
  Must(200, "POST", "/v1/cases?caseId=" + case_id, own,
       absl::StrCat(R"({"provider":"organizations/)", provider, R"(","country":"MD","kind":")",
                    kind, R"(","serviceTypes":["day-care"],"socialServices":["socialServices/)",
                    provider, R"(-day-care"]})"));
  Must(200, "POST", "/v1/" + name + ":recordEligibility", Body(), kAllMet);
  Must(200, "POST", "/v1/" + name + ":startSelfAssessment", Body());
  Must(200, "POST", "/v1/" + name + ":submitSelfAssessment", own,
       absl::StrCat(R"({"selfAssessment":)", Scores(5, 9), "}"));
  Must(200, "POST", "/v1/" + name + ":assignAssessor", Body(), R"({"assessor":"assessor-ion"})");
  Must(200, "POST", "/v1/" + name + ":submitEvaluation",
       rest_stack->Token("assessor", "", "assessor-ion"),
       absl::StrCat(R"({"siteVisitDate":")", Today(), R"(","scores":)", Scores(staff, premises),
                    R"(,"findings":)", findings, "}"));
  return name;
}

}  // namespace civitas::testing
