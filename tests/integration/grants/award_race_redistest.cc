// 64 clients race awards against one call envelope and the per-third-party cap, then payments
// and returns against the awards: 100,000 attempts through GrantsRecords over a real
// redis-server (the write plans' Lua scripts). Nothing over-commits, every refusal names what it
// ran into, and what was acknowledged is what the store holds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/clients/fake_accreditation_client.h"
#include "libs/clients/fake_registry_client.h"
#include "libs/redis/redis_client.h"
#include "libs/store/redis_document_store.h"
#include "libs/testing/counting_document_store.h"
#include "libs/testing/redis_server.h"
#include "services/grants/app/grants_records.h"

namespace civitas::grants {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kClients = 64;
constexpr int kAttempts = 100'000;
constexpr int kApplications = 160;
constexpr int kOrganizations = 40;
constexpr int64_t kAward = 25'000'00;  // EUR 25,000
constexpr int kFitInEnvelope = 50;     // the envelope holds 50 awards
constexpr int64_t kCap = 60'000'00;    // EU default: 2 awards per organisation fit
constexpr int64_t kNow = 1'790'000'000;

common::v1::Money Eur(int64_t minor) {
  common::v1::Money m;
  m.set_currency_code("EUR");
  m.set_amount_minor(minor);
  return m;
}

// Staff's award of `application` at kAward, the rest of the terms defaulted.
v1::AwardApplicationRequest AwardOf(const std::string& application) {
  v1::AwardApplicationRequest request;
  request.set_name(application);
  *request.mutable_amount() = Eur(kAward);
  return request;
}

Principal Acting(const std::string& role, const std::string& organization,
                 const std::string& subject) {
  Principal p;
  p.subject = subject;
  p.roles = {role};
  p.organization = organization;
  return p;
}

std::string Org(int i) { return absl::StrCat("organizations/cso-", i % kOrganizations); }

class AwardRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server).value();
    RedisOptions options = server_->options();
    options.pool_size = kClients + 8;
    redis_ = std::make_unique<RedisClient>(options);
    store_ = std::make_unique<RedisDocumentStore>(redis_.get(),
                                                  RedisDocumentStoreOptions{"civitas:{grants}"});
    for (int i = 0; i < kOrganizations + 2; ++i) {
      registry::v1::Organization org;
      org.set_name(i < kOrganizations
                       ? Org(i)
                       : (i == kOrganizations ? "organizations/eu" : "organizations/lead"));
      org.set_type(registry::v1::CSO);
      org.set_state(registry::v1::ACTIVE);
      registry_.Add(org);
    }
    records_ =
        std::make_unique<GrantsRecords>(store_.get(), &registry_, &accreditation_, &clock_, &ids_);
    BuildScoredApplications();
  }

  void BuildScoredApplications() {
    v1::Programme programme;
    (*programme.mutable_display_name())["en"] = "FSTP";
    programme.set_funder("organizations/eu");
    programme.set_lead_organization("organizations/lead");
    *programme.mutable_envelope() = Eur(kAward * kFitInEnvelope * 2);
    programme.set_start_date("2026-01-01");
    programme.set_end_date("2029-12-31");
    ASSERT_TRUE(records_->programmes.Create(records::Request(staff_), programme, "p", "").ok());
    ASSERT_TRUE(
        records_->publication.OpenProgramme(records::Request(staff_), "programmes/p", "").ok());
    v1::Call call;
    call.set_programme("programmes/p");
    (*call.mutable_display_name())["en"] = "Call";
    *call.mutable_envelope() = Eur(kAward * kFitInEnvelope);
    *call.mutable_min_award() = Eur(1'000'00);
    *call.mutable_max_award() = Eur(kAward);
    *call.mutable_third_party_cap() = Eur(kCap);
    *call.mutable_open_time() = TimeUtil::SecondsToTimestamp(kNow - 3600);
    *call.mutable_close_time() = TimeUtil::SecondsToTimestamp(kNow + 3600);
    v1::EvaluationCriterion* k = call.add_criteria();
    k->set_id("relevance");
    (*k->mutable_title())["en"] = "Relevance";
    k->set_max_score(10);
    k->set_weight_percent(100);
    call.set_reviewers_per_application(1);
    auto created = records_->calls.Create(records::Request(staff_), call, "c", "");
    ASSERT_TRUE(created.ok()) << created.status();
    ASSERT_TRUE(records_->publication.PublishCall(records::Request(staff_), "calls/c", "").ok());
    const Principal reviewer = Acting(kRoleReviewer, "", "reviewer-1");
    for (int i = 0; i < kApplications; ++i) {
      const Principal applicant = Acting(kRoleCso, Org(i), absl::StrCat("staff-", i));
      v1::Application a;
      a.set_call("calls/c");
      a.set_applicant(Org(i));
      (*a.mutable_title())["en"] = "Project";
      *a.mutable_requested_amount() = Eur(kAward);
      v1::BudgetLine* line = a.add_budget_lines();
      line->set_category("staff");
      *line->mutable_amount() = Eur(kAward);
      a.set_start_date("2027-01-01");
      a.set_end_date("2027-12-31");
      const std::string id = absl::StrCat("a", i);
      a.set_programme("programmes/elsewhere");  // output only: set from the call
      auto made = records_->applications.Create(records::Request(applicant), a, id, "");
      ASSERT_TRUE(made.ok()) << made.status();
      ASSERT_EQ(made->programme(), "programmes/p");
      auto submitted = records_->submission.Submit(records::Request(applicant), made->name(), "");
      ASSERT_TRUE(submitted.ok()) << submitted.status();
      ASSERT_EQ(submitted->state(), v1::APPLICATION_ELIGIBLE) << submitted->DebugString();
      v1::Review review;
      review.set_application(made->name());
      review.set_reviewer("reviewer-1");
      auto assigned = records_->reviews.Create(records::Request(staff_), review, id, "");
      ASSERT_TRUE(assigned.ok()) << assigned.status();
      auto declared = records_->review_workflow.DeclareConflictOfInterest(
          records::Request(reviewer), assigned->name(), false, "", "");
      ASSERT_TRUE(declared.ok()) << declared.status();
      v1::Review scored;
      v1::CriterionScore* s = scored.add_scores();
      s->set_criterion("relevance");
      s->set_score(7);
      auto done = records_->review_workflow.Submit(records::Request(reviewer), assigned->name(),
                                                   scored, "");
      ASSERT_TRUE(done.ok()) << done.status();
      applications_.push_back(made->name());
    }
  }

  int64_t Counter(const std::string& name) {
    auto value = store_->GetCounter(name);
    EXPECT_TRUE(value.ok()) << value.status();
    return value.ok() ? *value : -1;
  }

  const Principal staff_ = Acting(kRoleCso, "organizations/lead", "lead-staff");
  std::unique_ptr<testing::RedisServer> server_;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<RedisDocumentStore> store_;
  clients::FakeRegistryClient registry_;
  clients::FakeAccreditationClient accreditation_;
  FakeClock clock_{absl::FromUnixSeconds(kNow)};
  SequentialIdGenerator ids_{"id"};
  std::unique_ptr<GrantsRecords> records_;
  std::vector<std::string> applications_;
};

// Refusals by what they name; anything else fails the test.
struct Tally {
  std::mutex mu;
  std::map<std::string, int> counts;
  void Add(const std::string& what) {
    std::lock_guard<std::mutex> lock(mu);
    ++counts[what];
  }
};

std::string Classify(const absl::Status& s, const std::vector<std::string>& expected) {
  if (s.ok()) return "ok";
  for (const std::string& e : expected) {
    if (absl::StrContains(s.message(), e)) return absl::StrCat(s.code(), ": ", e);
  }
  return absl::StrCat("UNEXPECTED ", s.ToString());
}

// What one award costs in store round trips: 10 reads before issue 21 (the application twice,
// the call three times, the programme four times, the grant once) and the one write. Now the
// application, then its call and programme together (it names its programme), then the write.
// The bound catches any read added meanwhile.
TEST_F(AwardRaceTest, OneAwardMakesOneWriteAndBoundedReads) {
  testing::CountingDocumentStore counting(store_.get());
  GrantsRecords counted(&counting, &registry_, &accreditation_, &clock_, &ids_);
  auto grant = counted.decisions.Award(records::Request(staff_), AwardOf(applications_[0]));
  ASSERT_TRUE(grant.ok()) << grant.status();
  // The application, then its call and its programme in one round trip (the access check, the
  // award's own checks and the write's retry loop share the request's reads), then one write.
  EXPECT_EQ(counting.writes(), 1);
  EXPECT_LE(counting.reads(), 2);
  std::cout << "[ round trips ] one award: " << counting.reads() << " reads, " << counting.writes()
            << " write\n";
  // What it answers is what is stored.
  auto stored = records_->grants.Get(records::Request(staff_), grant->name());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->SerializeAsString(), grant->SerializeAsString());
}

// A programme officer lists the call's applications a page at a time: the access checks of a page
// read the applications' calls and programmes together, so a page costs two round trips (the
// scan, then calls and programmes) whatever its size (it was one or two reads per application).
TEST_F(AwardRaceTest, APageOfApplicationsCostsTwoRoundTripsWhateverItsSize) {
  testing::CountingDocumentStore counting(store_.get());
  GrantsRecords counted(&counting, &registry_, &accreditation_, &clock_, &ids_);
  for (int page_size : {10, 50, 150}) {
    counting.Reset();
    records::ListQuery query;
    query.page_size = page_size;
    query.filter = "call = \"calls/c\"";
    auto page = counted.applications.List(records::Request(staff_), query);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->items.size(), static_cast<size_t>(page_size)) << "the officer reads them all";
    EXPECT_LE(counting.reads(), 2) << "page of " << page_size;
    std::cout << "[ round trips ] page of " << page_size << " applications: " << counting.reads()
              << " reads\n";
  }
  // An organisation that is neither applicant nor staff sees none of them, at the same cost.
  counting.Reset();
  records::ListQuery query;
  query.page_size = 50;
  auto none =
      counted.applications.List(records::Request(Acting(kRoleCso, "organizations/x", "x")), query);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->items.empty());
}

TEST_F(AwardRaceTest, HundredThousandAttemptsNeverOverCommitAndEveryRefusalNamesItsLimit) {
  const int award_attempts = kAttempts / 2;
  Tally awards;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      std::mt19937 random(c);
      for (int n = c; n < award_attempts; n += kClients) {
        const std::string& application = applications_[random() % applications_.size()];
        auto grant = records_->decisions.Award(records::Request(staff_), AwardOf(application));
        awards.Add(Classify(grant.status(),
                            {"amount awarded from calls/c ", "amount awarded to organizations/",
                             "is APPLICATION_AWARDED", "changed"}));
      }
    });
  }
  for (auto& t : clients) t.join();
  clients.clear();
  for (const auto& [what, count] : awards.counts) {
    EXPECT_FALSE(absl::StartsWith(what, "UNEXPECTED")) << what << " x" << count;
  }
  EXPECT_EQ(awards.counts["ok"], kFitInEnvelope);
  EXPECT_GT(awards.counts[absl::StrCat(absl::StatusCode::kFailedPrecondition,
                                       ": amount awarded from calls/c ")],
            0);
  EXPECT_GT(awards.counts[absl::StrCat(absl::StatusCode::kFailedPrecondition,
                                       ": amount awarded to organizations/")],
            0);
  EXPECT_EQ(Counter("calls/c/awarded"), kAward * kFitInEnvelope);

  // What the store holds agrees with the counters: 50 grants, none over the cap per organisation.
  std::map<std::string, int64_t> per_org;
  std::vector<v1::Grant> grants;
  for (const std::string& name : applications_) {
    auto a = records_->applications.Get(records::Request(staff_), name);
    ASSERT_TRUE(a.ok()) << a.status();
    if (a->state() != v1::APPLICATION_AWARDED) {
      EXPECT_EQ(a->state(), v1::APPLICATION_SCORED);
      continue;
    }
    auto g = records_->grants.Get(records::Request(staff_), a->grant());
    ASSERT_TRUE(g.ok()) << g.status();
    per_org[g->recipient()] += g->amount().amount_minor();
    grants.push_back(*g);
  }
  ASSERT_EQ(grants.size(), size_t{kFitInEnvelope});
  for (const auto& [org, total] : per_org) {
    EXPECT_LE(total, kCap) << org;
    EXPECT_EQ(Counter(absl::StrCat("programmes/p/third_parties/", org)), total) << org;
  }

  // Payments and returns race against each award.
  Tally payments;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      std::mt19937 random(1000 + c);
      for (int n = c; n < kAttempts - award_attempts; n += kClients) {
        const std::string& grant = grants[random() % grants.size()].name();
        absl::Status s;
        switch (random() % 3) {
          case 0:
            s = records_->payments.PayTranche(records::Request(staff_), grant, 1, "", "").status();
            break;
          case 1:
            s = records_->payments.PayTranche(records::Request(staff_), grant, 2, "", "").status();
            break;
          default:
            s = records_->payments
                    .RecordReturn(records::Request(staff_), grant, Eur(7'000'00), "", "", "", "")
                    .status();
        }
        payments.Add(Classify(s, {"already paid", "needs an accepted final report",
                                  "not yet returned", "is not paid yet", "changed"}));
      }
    });
  }
  for (auto& t : clients) t.join();
  for (const auto& [what, count] : payments.counts) {
    EXPECT_FALSE(absl::StartsWith(what, "UNEXPECTED")) << what << " x" << count;
  }
  EXPECT_GT(payments.counts["ok"], 0);
  int64_t returned_total = 0;
  for (const v1::Grant& before : grants) {
    auto g = records_->grants.Get(records::Request(staff_), before.name());
    ASSERT_TRUE(g.ok()) << g.status();
    // Tranche 1 (80 %) paid exactly once, never the balance; returns within what was paid.
    EXPECT_EQ(g->disbursed().amount_minor(), kAward * 8 / 10) << g->name();
    EXPECT_LE(g->returned().amount_minor(), g->disbursed().amount_minor());
    EXPECT_EQ(Counter(absl::StrCat(g->name(), "/disbursed")),
              g->disbursed().amount_minor() - g->returned().amount_minor());
    int64_t transactions_paid = 0, transactions_returned = 0;
    for (const v1::Transaction& t : g->transactions()) {
      if (t.type() == v1::DISBURSEMENT) transactions_paid += t.value().amount_minor();
      if (t.type() == v1::INCOMING_FUNDS) transactions_returned += t.value().amount_minor();
    }
    EXPECT_EQ(transactions_paid, g->disbursed().amount_minor());
    EXPECT_EQ(transactions_returned, g->returned().amount_minor());
    returned_total += g->returned().amount_minor();
  }
  EXPECT_GT(returned_total, 0);
  int total = 0;
  for (const auto& [what, count] : awards.counts) total += count;
  for (const auto& [what, count] : payments.counts) total += count;
  EXPECT_EQ(total, kAttempts);
  for (const auto& [what, count] : awards.counts)
    std::cout << "award " << what << ": " << count << "\n";
  for (const auto& [what, count] : payments.counts)
    std::cout << "payment " << what << ": " << count << "\n";
}

}  // namespace
}  // namespace civitas::grants
