// 32 accrediting decisions race for Moldova's 2026 certificate numbers through
// AccreditationRecords over a real redis-server: every decision is made once, the numbers run
// MD-2026-000001..000032 without a gap or a duplicate, each case names the certificate it issued,
// and the counter is what the certificates say.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/barrier.h"
#include "libs/clients/fake_registry_client.h"
#include "libs/redis/redis_client.h"
#include "libs/store/redis_document_store.h"
#include "libs/testing/counting_document_store.h"
#include "libs/testing/redis_server.h"
#include "services/accreditation/app/accreditation_records.h"

namespace civitas::accreditation {
namespace {

constexpr int kDecisions = 32;

Principal Acting(const std::string& role, const std::string& organization,
                 const std::string& subject) {
  Principal p;
  p.subject = subject;
  p.roles = {role};
  p.organization = organization;
  return p;
}

std::string Provider(int i) { return absl::StrCat("organizations/cso-", i); }

class CertificateNumberingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server).value();
    RedisOptions options = server_->options();
    options.pool_size = kDecisions + 8;
    redis_ = std::make_unique<RedisClient>(options);
    store_ = std::make_unique<RedisDocumentStore>(
        redis_.get(), RedisDocumentStoreOptions{"civitas:{accreditation}"});
    registry::v1::ServiceType day_care;
    day_care.set_code("day-care");
    registry_.Add(day_care);
    registry::v1::Territory md;
    md.set_name("territories/md");
    registry_.Add(md);
    for (int i = 0; i < kDecisions; ++i) {
      registry::v1::Organization org;
      org.set_name(Provider(i));
      org.set_type(registry::v1::CSO);
      org.add_territories("territories/md");
      registry_.Add(org);
    }
    records_ = std::make_unique<AccreditationRecords>(store_.get(), &registry_, &clock_, &ids_);
    Prepare();
  }

  // A policy, a published standard, and kDecisions cases evaluated and awaiting their decision.
  void Prepare() {
    v1::CountryPolicy policy;
    policy.set_initial_validity_months(12);
    policy.set_periodic_validity_months(60);
    policy.set_provisional_validity_months(12);
    ASSERT_TRUE(records_->policies.Create(records::Request(body_), policy, "md", "").ok());
    v1::QualityStandard standard;
    standard.set_country("MD");
    standard.set_service_type("day-care");
    standard.set_version(1);
    standard.set_effective_from("2026-11-23");
    v1::QualityCriterion* c = standard.add_criteria();
    c->set_id("staff");
    (*c->mutable_title())["en"] = "Staff";
    c->set_weight_percent(100);
    c->set_max_score(5);
    auto made = records_->standards.Create(records::Request(body_), standard, "md-day-care-1", "");
    ASSERT_TRUE(made.ok()) << made.status();
    ASSERT_TRUE(records_->catalogue.Publish(records::Request(body_), made->name(), "").ok());

    std::vector<v1::ConditionVerdict> met;
    for (auto condition :
         {v1::LEGALLY_CONSTITUTED, v1::SERVICES_IN_FOUNDING_ACT, v1::FINANCIALLY_SUSTAINABLE,
          v1::QUALIFIED_STAFF, v1::APPLIES_QUALITY_STANDARDS}) {
      v1::ConditionVerdict& v = met.emplace_back();
      v.set_condition(condition);
      v.set_verdict(v1::MET);
    }
    v1::StandardScores scores;
    scores.set_service_type("day-care");
    v1::CriterionScore* s = scores.add_scores();
    s->set_criterion("staff");
    s->set_score(5);
    const Principal assessor = Acting(kRoleAssessor, "", "assessor-1");
    for (int i = 0; i < kDecisions; ++i) {
      const Principal provider = Acting(kRoleCso, Provider(i), absl::StrCat("staff-", i));
      v1::AccreditationCase c;
      c.set_provider(Provider(i));
      c.set_country("MD");
      c.set_kind(v1::INITIAL);
      c.add_service_types("day-care");
      const std::string name = absl::StrCat("cases/c", i);
      auto opened = records_->cases.Create(records::Request(provider), c, absl::StrCat("c", i), "");
      ASSERT_TRUE(opened.ok()) << opened.status();
      auto& p = records_->procedure;
      ASSERT_TRUE(p.RecordVerdicts(records::Request(body_), name, met, "").ok());
      ASSERT_TRUE(p.StartSelfAssessment(records::Request(body_), name, "", "").ok());
      ASSERT_TRUE(p.SubmitSelfAssessment(records::Request(provider), name, {scores}, "").ok());
      ASSERT_TRUE(p.AssignAssessor(records::Request(body_), name, "assessor-1", "").ok());
      v1::ExternalEvaluation e;
      e.set_site_visit_date("2026-11-23");
      *e.add_scores() = scores;
      auto evaluated = p.SubmitEvaluation(records::Request(assessor), name, e, "");
      ASSERT_TRUE(evaluated.ok()) << evaluated.status();
      ASSERT_EQ(evaluated->state(), v1::CASE_DECISION);
    }
  }

  std::unique_ptr<testing::RedisServer> server_;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<RedisDocumentStore> store_;
  clients::FakeRegistryClient registry_;
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 23, 10, 0, 0), absl::UTCTimeZone())};
  SequentialIdGenerator ids_{"id"};
  std::unique_ptr<AccreditationRecords> records_;
  const Principal body_ = Acting(kRoleMinistry, "", "council@md");
};

// The accrediting body lists every case a page at a time: who reads a case is decided from the
// case alone, so a page is one round trip whatever its size.
TEST_F(CertificateNumberingTest, APageOfCasesCostsOneRoundTrip) {
  testing::CountingDocumentStore counting(store_.get());
  AccreditationRecords counted(&counting, &registry_, &clock_, &ids_);
  for (int page_size : {5, kDecisions}) {
    counting.Reset();
    auto page = counted.cases.List(records::Request(body_), {page_size, "", "", "", false});
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->items.size(), static_cast<size_t>(page_size));
    EXPECT_EQ(counting.reads(), 1) << "page of " << page_size;
  }
}

TEST_F(CertificateNumberingTest, ConcurrentDecisionsNumberWithoutGapsOrDuplicates) {
  std::vector<absl::StatusOr<v1::AccreditationCase>> decided(kDecisions,
                                                             absl::UnknownError("not run"));
  absl::Barrier* start = new absl::Barrier(kDecisions);
  std::vector<std::thread> threads;
  for (int i = 0; i < kDecisions; ++i) {
    threads.emplace_back([&, i] {
      if (start->Block()) delete start;
      v1::DecideCaseRequest accredit;
      accredit.set_name(absl::StrCat("cases/c", i));
      accredit.set_outcome(v1::ACCREDIT);
      decided[i] = records_->procedure.Decide(records::Request(body_), accredit);
    });
  }
  for (auto& t : threads) t.join();

  std::set<std::string> issued;
  for (int i = 0; i < kDecisions; ++i) {
    ASSERT_TRUE(decided[i].ok()) << "case " << i << ": " << decided[i].status();
    EXPECT_EQ(decided[i]->state(), v1::CASE_DECIDED);
    EXPECT_TRUE(issued.insert(decided[i]->decision().certificate()).second)
        << decided[i]->decision().certificate() << " issued twice";
  }
  std::set<std::string> expected;
  for (int n = 1; n <= kDecisions; ++n) {
    expected.insert(absl::StrCat("certificates/md-2026-", absl::StrFormat("%06d", n)));
  }
  EXPECT_EQ(issued, expected) << "numbers without gaps";

  // The store agrees: one certificate per number, each naming its own case and provider.
  const Principal anonymous;
  auto listed = records_->certificates.List(records::Request(anonymous), {1000, "", "", "", false});
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->items.size(), static_cast<size_t>(kDecisions));
  for (const v1::Certificate& c : listed->items) {
    EXPECT_TRUE(expected.contains(c.name())) << c.name();
    const int i = std::stoi(c.case_().substr(std::string("cases/c").size()));
    EXPECT_EQ(c.provider(), Provider(i));
    EXPECT_EQ(decided[i]->decision().certificate(), c.name());
    EXPECT_EQ(c.number(), absl::AsciiStrToUpper(c.name().substr(13)));
  }
  auto counter = store_->GetCounter("certificates/MD-2026");
  ASSERT_TRUE(counter.ok());
  EXPECT_EQ(*counter, kDecisions);
}

}  // namespace
}  // namespace civitas::accreditation
