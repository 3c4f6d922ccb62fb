// Programmes and calls through GrantsRecords over the in-memory store and the fake registry:
// who may create them, the registry checks, and the envelope bound kept in the same write.
#include "services/grants/app/grants_records.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "libs/clients/fake_accreditation_client.h"
#include "libs/clients/fake_registry_client.h"
#include "libs/store/in_memory_document_store.h"
#include "services/grants/domain/call_transitions.h"
#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

class GrantsRecordsTest : public ::testing::Test {
 protected:
  GrantsRecordsTest() {
    for (const char* name : {"organizations/eu", "organizations/sfm"}) {
      registry::v1::Organization org;
      org.set_name(name);
      registry_.Add(org);
    }
  }

  v1::Programme Moldova(int64_t envelope_cents) {
    v1::Programme p;
    (*p.mutable_display_name())["en"] = "Social services";
    p.set_funder("organizations/eu");
    p.set_lead_organization("organizations/sfm");
    *p.mutable_envelope() = Eur(envelope_cents);
    p.set_start_date("2026-01-01");
    p.set_end_date("2029-06-30");
    return p;
  }

  v1::Call CallOf(int64_t envelope_cents) {
    v1::Call c;
    c.set_programme("programmes/md");
    (*c.mutable_display_name())["ro"] = "Apel";
    *c.mutable_envelope() = Eur(envelope_cents);
    *c.mutable_min_award() = Eur(1'000'00);
    *c.mutable_max_award() = Eur(std::min<int64_t>(envelope_cents, 20'000'00));
    *c.mutable_open_time() = TimeUtil::SecondsToTimestamp(1'767'225'600);
    *c.mutable_close_time() = TimeUtil::SecondsToTimestamp(1'769'904'000);
    v1::EvaluationCriterion* k = c.add_criteria();
    k->set_id("relevance");
    (*k->mutable_title())["en"] = "Relevance";
    k->set_max_score(10);
    k->set_weight_percent(100);
    c.set_reviewers_per_application(2);
    return c;
  }

  const Principal lead_ = Acting(kRoleCso, "organizations/sfm");
  FakeClock clock_{absl::FromUnixSeconds(1'767'225'600)};
  SequentialIdGenerator ids_{"id"};
  InMemoryDocumentStore store_;
  clients::FakeRegistryClient registry_;
  clients::FakeAccreditationClient accreditation_;
  GrantsRecords records_{&store_, &registry_, &accreditation_, &clock_, &ids_};
};

TEST_F(GrantsRecordsTest, TheLeadCreatesAProgrammeOthersCannot) {
  auto created = records_.programmes.Create(records::Request(lead_), Moldova(100'000'00), "md", "");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->state(), v1::PROGRAMME_DRAFT);

  auto other =
      records_.programmes.Create(records::Request(Acting(kRoleCso, "organizations/goris-women")),
                                 Moldova(100'000'00), "md2", "");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(GrantsRecordsTest, TheFunderAndLeadMustBeInTheRegistry) {
  v1::Programme p = Moldova(100'000'00);
  p.set_funder("organizations/ghost");
  auto refused = records_.programmes.Create(records::Request(Acting(kRoleAdmin, "")), p, "md", "");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("programme.funder"));

  registry_.FailNext(absl::UnavailableError("registry down"));
  EXPECT_EQ(records_.programmes.Create(records::Request(lead_), Moldova(100'000'00), "md", "")
                .status()
                .code(),
            absl::StatusCode::kUnavailable);
}

TEST_F(GrantsRecordsTest, CallEnvelopesNeverExceedTheProgrammesEnvelope) {
  ASSERT_TRUE(
      records_.programmes.Create(records::Request(lead_), Moldova(100'000'00), "md", "").ok());
  ASSERT_TRUE(records_.calls.Create(records::Request(lead_), CallOf(60'000'00), "c1", "").ok());
  auto over = records_.calls.Create(records::Request(lead_), CallOf(50'000'00), "c2", "");
  EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(over.status().message(),
            "envelopes of the calls of programmes/md would be 11000000 (6000000 before this "
            "change of +5000000), above the programme's envelope 10000000");
  EXPECT_TRUE(records_.calls.Create(records::Request(lead_), CallOf(40'000'00), "c3", "").ok());
  EXPECT_EQ(*store_.GetCounter("programmes/md/allocated"), 100'000'00);

  // Archiving a call gives its envelope back.
  ASSERT_TRUE(records_.calls.Delete(records::Request(lead_), "calls/c3", "").ok());
  EXPECT_EQ(*store_.GetCounter("programmes/md/allocated"), 60'000'00);
}

TEST_F(GrantsRecordsTest, TheProgrammesEnvelopeCannotDropBelowItsCalls) {
  ASSERT_TRUE(
      records_.programmes.Create(records::Request(lead_), Moldova(100'000'00), "md", "").ok());
  ASSERT_TRUE(records_.calls.Create(records::Request(lead_), CallOf(60'000'00), "c1", "").ok());
  v1::Programme patch;
  patch.set_name("programmes/md");
  *patch.mutable_envelope() = Eur(50'000'00);
  google::protobuf::FieldMask mask;
  mask.add_paths("envelope");
  auto refused = records_.programmes.Update(records::Request(lead_), patch, mask);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), HasSubstr("above the programme's envelope 5000000"));
  EXPECT_THAT(refused.status().message(), ::testing::Not(HasSubstr("/allocated")));
  *patch.mutable_envelope() = Eur(60'000'00);
  EXPECT_TRUE(records_.programmes.Update(records::Request(lead_), patch, mask).ok());
}

TEST_F(GrantsRecordsTest, ACallIsInTheProgrammesCurrencyAndGetsTheEuDefaults) {
  ASSERT_TRUE(
      records_.programmes.Create(records::Request(lead_), Moldova(100'000'00), "md", "").ok());
  v1::Call lei = CallOf(10'000'00);
  for (auto* m : {lei.mutable_envelope(), lei.mutable_min_award(), lei.mutable_max_award()}) {
    m->set_currency_code("MDL");
  }
  lei.mutable_third_party_cap()->set_currency_code("MDL");
  lei.mutable_third_party_cap()->set_amount_minor(60'000'00);
  auto refused = records_.calls.Create(records::Request(lead_), lei, "c1", "");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("call.envelope.currency_code"));

  auto created = records_.calls.Create(records::Request(lead_), CallOf(10'000'00), "c2", "");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->third_party_cap().amount_minor(), 60'000'00);
  EXPECT_EQ(created->tranche_rules().pre_financing_bp(), 8000);
}

TEST_F(GrantsRecordsTest, OnlyProgrammeStaffSeeDraftCalls) {
  ASSERT_TRUE(
      records_.programmes.Create(records::Request(lead_), Moldova(100'000'00), "md", "").ok());
  ASSERT_TRUE(records_.calls.Create(records::Request(lead_), CallOf(10'000'00), "c1", "").ok());
  EXPECT_TRUE(records_.calls.Get(records::Request(lead_), "calls/c1").ok());
  EXPECT_EQ(records_.calls
                .Get(records::Request(Acting(kRoleCso, "organizations/goris-women")), "calls/c1")
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  // The draft programme is its staff's: to anyone else it is as if it did not exist.
  auto outsider = records_.calls.Create(
      records::Request(Acting(kRoleCso, "organizations/goris-women")), CallOf(1'000'00), "c2", "");
  EXPECT_EQ(outsider.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(outsider.status().message(),
              HasSubstr("call.programme: programmes/md does not exist"));
  // Once open, the programme is public: the outsider is refused for what it is not.
  ASSERT_TRUE(records_.programmes
                  .Apply(records::Request(lead_), "programmes/md", "", OpenProgrammeTransition())
                  .ok());
  EXPECT_EQ(records_.calls
                .Create(records::Request(Acting(kRoleCso, "organizations/goris-women")),
                        CallOf(1'000'00), "c3", "")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

class ApplicationFlowTest : public GrantsRecordsTest {
 protected:
  void SetUp() override {
    auto add_org = [&](const std::string& name, registry::v1::OrganizationType type,
                       const std::string& territory) {
      registry::v1::Organization org;
      org.set_name(name);
      org.set_type(type);
      org.set_state(registry::v1::ACTIVE);
      if (!territory.empty()) org.add_territories(territory);
      registry_.Add(org);
    };
    add_org("organizations/goris-women", registry::v1::CSO, "territories/goris");
    add_org("organizations/goris-municipality", registry::v1::PUBLIC_AUTHORITY,
            "territories/goris");
    auto add_territory = [&](const std::string& name, std::vector<std::string> ancestors) {
      registry::v1::Territory t;
      t.set_name(name);
      for (auto& a : ancestors) t.add_ancestors(a);
      registry_.Add(t);
    };
    add_territory("territories/goris", {"territories/am", "territories/am-su"});
    add_territory("territories/chisinau", {"territories/md"});

    ASSERT_TRUE(
        records_.programmes.Create(records::Request(lead_), Moldova(100'000'00), "md", "").ok());
    auto open = records_.programmes.Apply(records::Request(lead_), "programmes/md", "",
                                          OpenProgrammeTransition());
    ASSERT_TRUE(open.ok()) << open.status();
    v1::Call call = CallOf(50'000'00);
    call.mutable_eligibility()->add_territories("territories/am-su");
    call.mutable_eligibility()->set_requires_authority_partnership(true);
    ASSERT_TRUE(records_.calls.Create(records::Request(lead_), call, "c1", "").ok());
    auto published =
        records_.calls.Apply(records::Request(lead_), "calls/c1", "", PublishCallTransition(*open));
    ASSERT_TRUE(published.ok()) << published.status();
  }

  v1::Application Draft(const std::string& territory) {
    v1::Application a;
    a.set_call("calls/c1");
    a.set_applicant("organizations/goris-women");
    a.add_partners("organizations/goris-municipality");
    (*a.mutable_title())["hy"] = "Day care in Goris";
    *a.mutable_requested_amount() = Eur(10'000'00);
    v1::BudgetLine* line = a.add_budget_lines();
    line->set_category("staff");
    *line->mutable_amount() = Eur(10'000'00);
    a.set_start_date("2026-03-01");
    a.set_end_date("2026-12-31");
    a.add_territories(territory);
    return a;
  }

  const Principal applicant_ = Acting(kRoleCso, "organizations/goris-women");
};

TEST_F(ApplicationFlowTest, SubmissionChecksEligibilityAgainstTheRegistry) {
  ASSERT_TRUE(records_.applications
                  .Create(records::Request(applicant_), Draft("territories/goris"), "a1", "")
                  .ok());
  clock_.Set(absl::FromUnixSeconds(1'767'225'600) + absl::Hours(1));
  auto submitted = records_.submission.Submit(
      records::Request(applicant_, {.correlation_id = "req-1"}), "applications/a1", "");
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_EQ(submitted->state(), v1::APPLICATION_ELIGIBLE);
  EXPECT_EQ(submitted->eligibility_failures_size(), 0);
  bool carried = false;
  for (const auto& call : registry_.calls()) carried |= call.correlation_id == "req-1";
  EXPECT_TRUE(carried) << "registry calls carry the request id";

  ASSERT_TRUE(records_.applications
                  .Create(records::Request(applicant_), Draft("territories/chisinau"), "a2", "")
                  .ok());
  auto outside = records_.submission.Submit(records::Request(applicant_), "applications/a2", "");
  ASSERT_TRUE(outside.ok()) << outside.status();
  EXPECT_EQ(outside->state(), v1::APPLICATION_INELIGIBLE);
  ASSERT_GE(outside->eligibility_failures_size(), 1);
  EXPECT_EQ(outside->eligibility_failures(0).rule(), "territory");
}

TEST_F(ApplicationFlowTest, NoSubmissionOnceTheCallClosedAndOthersCannotSubmit) {
  ASSERT_TRUE(records_.applications
                  .Create(records::Request(applicant_), Draft("territories/goris"), "a1", "")
                  .ok());
  EXPECT_EQ(records_.submission
                .Submit(records::Request(Acting(kRoleCso, "organizations/kapan-youth")),
                        "applications/a1", "")
                .status()
                .code(),
            absl::StatusCode::kNotFound)
      << "another CSO does not even see the draft";
  clock_.Set(absl::FromUnixSeconds(1'769'904'000));  // close_time
  auto late = records_.submission.Submit(records::Request(applicant_), "applications/a1", "");
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.status().message(), HasSubstr("closed at"));
  EXPECT_EQ(records_.applications.Get(records::Request(applicant_), "applications/a1")->state(),
            v1::APPLICATION_DRAFT);
}

TEST_F(ApplicationFlowTest, ADraftNeedsARegisteredApplicantAndThePublishedCallsCurrency) {
  v1::Application a = Draft("territories/goris");
  a.add_partners("organizations/ghost");
  for (auto* m : {a.mutable_requested_amount(), a.mutable_budget_lines(0)->mutable_amount()}) {
    m->set_currency_code("MDL");
  }
  auto refused = records_.applications.Create(records::Request(applicant_), a, "a1", "");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("application.partners[1]"));
  EXPECT_THAT(refused.status().message(), HasSubstr("application.requested_amount.currency_code"));

  EXPECT_EQ(records_.applications
                .Create(records::Request(Acting(kRoleCso, "organizations/kapan-youth")),
                        Draft("territories/goris"), "a2", "")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied)
      << "a CSO applies for itself only";
}

}  // namespace
}  // namespace civitas::grants
