// Monitoring's races over a real redis-server. Edits race an approval of the same submission: 16
// writers keep changing figures while the municipality approves. No edit lands after the lock
// (the approved submission's audit is the final one), every edit acknowledged is in the audit,
// every refused one names the lock; and two first entries racing for a new period make one
// submission. 16 writers set and delete figures while the warehouse pulls from cursor to cursor:
// no change is skipped or read twice, and the warehouse's table ends as the service's. Submissions
// are kept by country (the org units here lie in `am`, one in `md`: keyspaces of their own beside
// home's), and the pulls read both.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/barrier.h"
#include "absl/synchronization/notification.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/fake_grants_client.h"
#include "libs/clients/fake_registry_client.h"
#include "libs/common/clock.h"
#include "libs/common/id_generator.h"
#include "libs/common/request_activity.h"
#include "libs/records/list_messages.h"
#include "libs/records/read_record.h"
#include "libs/redis/redis_client.h"
#include "libs/server/blocking_executor.h"
#include "libs/store/redis_document_store.h"
#include "libs/testing/forwarding_document_store.h"
#include "libs/testing/redis_server.h"
#include "services/monitoring/app/monitoring_records.h"

namespace civitas::monitoring {
namespace {

using ::testing::HasSubstr;

constexpr int kWriters = 16;
constexpr int kEditsEach = 40;
// Organisations of the import races, besides keystone.
constexpr int kImportOrgUnits = 8;

Principal Person(const std::string& role, const std::string& subject,
                 const std::string& organization = "", std::vector<std::string> territories = {}) {
  Principal p;
  p.subject = subject;
  p.roles = {role};
  p.organization = organization;
  p.territories = std::move(territories);
  return p;
}

class MonitoringRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server).value();
    RedisOptions options = server_->options();
    options.pool_size = kWriters + 8;
    redis_ = std::make_unique<RedisClient>(options);
    store_ = std::make_unique<RedisDocumentStore>(
        redis_.get(), RedisDocumentStoreOptions{"civitas:{monitoring}"});
    am_ = std::make_unique<RedisDocumentStore>(
        redis_.get(), RedisDocumentStoreOptions{"civitas:{monitoring@am}"});
    registry::v1::Territory country;
    country.set_name("territories/am");
    registry::v1::Territory goris;
    goris.set_name("territories/am-su-goris");
    goris.add_ancestors("territories/am");
    registry_.Add(country);
    registry_.Add(goris);
    registry::v1::Organization keystone;
    keystone.set_name("organizations/keystone");
    keystone.add_territories("territories/am-su-goris");
    registry_.Add(keystone);
    for (int i = 0; i < kImportOrgUnits; ++i) {
      registry::v1::Organization o;
      o.set_name(absl::StrCat("organizations/cso-", i));
      o.add_territories("territories/am-su-goris");
      registry_.Add(o);
    }
    // One organisation in Moldova: its submissions are in md's keyspace.
    registry::v1::Territory moldova;
    moldova.set_name("territories/md");
    registry_.Add(moldova);
    registry::v1::Organization casa;
    casa.set_name("organizations/casa");
    casa.add_territories("territories/md");
    registry_.Add(casa);
    // One in no territory (the registry allows it): in no country.
    registry::v1::Organization nowhere;
    nowhere.set_name("organizations/nowhere");
    registry_.Add(nowhere);
    stores_ = StoresOver(store_.get());
    records_ = std::make_unique<MonitoringRecords>(stores_.get(), /*by_country=*/true, &registry_,
                                                   &grants_, &clock_, &ids_, &import_starts_,
                                                   &import_runners_);

    const records::Request as_ministry(ministry_);
    v1::Indicator served;
    served.set_code("SERVED");
    (*served.mutable_display_name())["en"] = "Served";
    served.set_value_type(v1::INTEGER);
    served.set_aggregation(v1::SUM);
    ASSERT_TRUE(records_->indicators.Create(as_ministry, served, "served", "").ok());
    v1::Indicator trained = served;
    trained.set_code("TRAINED");
    ASSERT_TRUE(records_->indicators.Create(as_ministry, trained, "trained", "").ok());
    v1::DataSet form;
    form.set_code("MONTHLY");
    (*form.mutable_display_name())["en"] = "Monthly";
    form.set_period_type(v1::MONTHLY);
    form.add_indicators("indicators/served");
    form.add_indicators("indicators/trained");
    form.add_org_units("organizations/keystone");
    for (int i = 0; i < kImportOrgUnits; ++i) {
      form.add_org_units(absl::StrCat("organizations/cso-", i));
    }
    form.add_org_units("organizations/casa");
    form.add_org_units("organizations/nowhere");
    ASSERT_TRUE(records_->data_sets.Create(as_ministry, form, "monthly", "").ok());
  }

  v1::SetDataValuesRequest Entry(const std::string& period, int value,
                                 const std::string& indicator = "indicators/served") {
    v1::SetDataValuesRequest r;
    r.set_data_set("dataSets/monthly");
    r.set_org_unit("organizations/keystone");
    r.set_period(period);
    v1::DataValueInput* in = r.add_values();
    in->set_indicator(indicator);
    in->set_value(absl::StrCat(value));
    return r;
  }

  // Monitoring's stores over `home` (the test's home keyspace, or a decorator of it): `am`'s
  // keyspace is `am_`, seen through `am` when given (a decorator of it).
  std::unique_ptr<PartitionedStores> StoresOver(
      DocumentStore* home, std::function<std::unique_ptr<DocumentStore>()> am = nullptr) {
    return std::make_unique<PartitionedStores>(
        home, MonitoringRecords::Partitioned(),
        [this, am](const std::string& partition) -> absl::StatusOr<std::unique_ptr<DocumentStore>> {
          if (partition == "am" && am) return am();
          if (partition == "am")
            return std::make_unique<testing::ForwardingDocumentStore>(am_.get());
          return std::make_unique<RedisDocumentStore>(
              redis_.get(), RedisDocumentStoreOptions{"civitas:{monitoring@" + partition + "}"});
        },
        MonitoringRecords::Copied());
  }
  // Monitoring over stores of its own: released in order (records first).
  struct Steered {
    std::unique_ptr<PartitionedStores> stores;
    std::unique_ptr<MonitoringRecords> records;
    MonitoringRecords* operator->() const { return records.get(); }
    void reset() {
      records.reset();
      stores.reset();
    }
  };
  // Records over `home` (and `am`, as StoresOver) whose imports run on `runner`, `options`
  // as given (by default one submission per batch, the file read after the answer: a test can
  // watch and steer the import batch by batch).
  Steered RecordsOver(DocumentStore* home, BlockingExecutor* runner,
                      std::function<std::unique_ptr<DocumentStore>()> am = nullptr,
                      DataImport::Options options = {.lease = absl::Seconds(60),
                                                     .rows_answered_at_once = 0,
                                                     .submissions_per_batch = 1,
                                                     .bytes_read_at_once = 0,
                                                     .count_every = absl::ZeroDuration()}) {
    Steered out;
    out.stores = StoresOver(home, std::move(am));
    out.records = std::make_unique<MonitoringRecords>(out.stores.get(), /*by_country=*/true,
                                                      &registry_, &grants_, &clock_, &ids_,
                                                      &import_starts_, runner, options);
    return out;
  }
  // Waits until `holds` (at most 30 s of real time): whether it did.
  static bool Eventually(const std::function<bool()>& holds) {
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (!holds()) {
      if (absl::Now() > deadline) return false;
      absl::SleepFor(absl::Milliseconds(1));
    }
    return true;
  }
  // Whether import batch `id`'s record says its write landed.
  bool BatchWritten(const std::string& id) {
    auto batch =
        records::ReadRecord<v1::ImportBatch>(am_.get(), aip::CollectionOf<v1::ImportBatch>(), id);
    EXPECT_TRUE(batch.ok() && batch->has_value());
    return batch.ok() && batch->has_value() && (*batch)->record.written();
  }
  // The import job `job_id` as stored.
  v1::ImportJob StoredJob(const std::string& job_id) {
    auto read = records::ReadRecord<v1::ImportJob>(store_.get(), aip::CollectionOf<v1::ImportJob>(),
                                                   job_id);
    EXPECT_TRUE(read.ok() && read->has_value());
    return read.ok() && read->has_value() ? (*read)->record : v1::ImportJob();
  }

  std::unique_ptr<testing::RedisServer> server_;
  std::unique_ptr<RedisClient> redis_;
  // Home's keyspace, and am's (every org unit here lies in Armenia).
  std::unique_ptr<RedisDocumentStore> store_;
  std::unique_ptr<RedisDocumentStore> am_;
  clients::FakeRegistryClient registry_;
  clients::FakeGrantsClient grants_;
  FakeClock clock_{absl::FromUnixSeconds(1'796'000'000)};  // 2026-11-30
  SequentialIdGenerator ids_{"s"};
  BlockingExecutor import_starts_{2};
  BlockingExecutor import_runners_{2};
  std::unique_ptr<PartitionedStores> stores_;
  std::unique_ptr<MonitoringRecords> records_;
  const Principal ministry_ = Person(kRoleMinistry, "ministry@am");
  const Principal staff_ = Person(kRoleCso, "staff@keystone", "organizations/keystone");
  const Principal clerk_ =
      Person(kRoleMunicipality, "clerk@goris", "", {"territories/am-su-goris"});
};

TEST_F(MonitoringRaceTest, NoEditLandsAfterTheLock) {
  auto first = records_->entry.SetValues(records::Request(staff_), Entry("202610", 1));
  ASSERT_TRUE(first.ok()) << first.status();
  const std::string name = first->name();

  std::atomic<int> acknowledged{0};
  std::atomic<int> locked{0};
  // Writers that lost the race for the document kMaxWriteAttempts times in a row: refused
  // (ABORTED), nothing written; the caller retries.
  std::atomic<int> contended{0};
  std::atomic<int> other{0};
  absl::StatusOr<v1::Submission> approved = absl::UnknownError("not run");
  absl::Barrier* start = new absl::Barrier(kWriters + 1);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      if (start->Block()) delete start;
      for (int i = 0; i < kEditsEach; ++i) {
        // Every edit a value of its own: each acknowledged one is one audit entry.
        auto edited = records_->entry.SetValues(records::Request(staff_),
                                                Entry("202610", 1000 + w * kEditsEach + i));
        if (edited.ok()) {
          ++acknowledged;
        } else if (edited.status().code() == absl::StatusCode::kFailedPrecondition &&
                   absl::StrContains(edited.status().message(), "locked: approved by")) {
          ++locked;
        } else if (edited.status().code() == absl::StatusCode::kAborted) {
          ++contended;
        } else {
          ++other;
          ADD_FAILURE() << edited.status();
        }
      }
    });
  }
  threads.emplace_back([&] {
    if (start->Block()) delete start;
    // Let some edits in first.
    while (acknowledged.load() < kWriters) std::this_thread::yield();
    v1::SubmissionActionRequest approve;
    approve.set_name(name);
    // As a client would: a write that kept losing the race (ABORTED) is sent again.
    do {
      approved = records_->entry.Approve(records::Request(clerk_), approve);
    } while (!approved.ok() && approved.status().code() == absl::StatusCode::kAborted);
  });
  for (auto& t : threads) t.join();

  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->state(), v1::SUBMISSION_APPROVED);
  auto final_state = records_->submissions.Get(records::Request(ministry_), name);
  ASSERT_TRUE(final_state.ok()) << final_state.status();
  EXPECT_EQ(final_state->audit_size(), approved->audit_size())
      << "an edit landed after the approval";
  EXPECT_EQ(final_state->audit_size(), 1 + acknowledged.load())
      << "every acknowledged edit, and only those, is in the audit";
  EXPECT_EQ(final_state->values(0).value(), final_state->audit().rbegin()->new_value());
  EXPECT_GT(locked.load(), 0) << "the approval came before the writers finished";
  EXPECT_EQ(acknowledged.load() + locked.load() + contended.load(), kWriters * kEditsEach);
  EXPECT_EQ(other.load(), 0);
}

// The registry's outbox carries an event for every organisation it creates or edits (a bulk load
// makes thousands): one whose organisation has no open figures asks the registry nothing; one
// whose organisation has them moves them to where the registry says it lies now.
TEST_F(MonitoringRaceTest, OrganisationEventsAskTheRegistryOnlyAboutOrganisationsWithOpenFigures) {
  auto entered = records_->entry.SetValues(records::Request(staff_), Entry("202610", 5));
  ASSERT_TRUE(entered.ok()) << entered.status();
  const Principal job = BackgroundJobPrincipal("monitoring", "org-unit-moves");
  auto event_of = [](const std::string& org) {
    events::DeliveredEvent delivered;
    delivered.id = "1-0";
    delivered.event.type = "organization.updated";
    delivered.event.collection = "organizations";
    delivered.event.resource_name = org;
    delivered.event.correlation_id = "moves-test";
    return delivered;
  };
  const size_t asked_before = registry_.calls().size();
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(records_->moves.Handle(event_of(absl::StrCat("organizations/cso-", i)), job).ok());
  }
  EXPECT_EQ(registry_.calls().size(), asked_before) << "organisations without open figures";
  events::DeliveredEvent created = event_of("organizations/keystone");
  created.event.type = "organization.created";
  ASSERT_TRUE(records_->moves.Handle(created, job).ok());
  EXPECT_EQ(registry_.calls().size(), asked_before) << "a new organisation has no figures yet";

  registry::v1::Territory sisian;
  sisian.set_name("territories/am-su-sisian");
  sisian.add_ancestors("territories/am");
  registry_.Add(sisian);
  registry::v1::Organization keystone;
  keystone.set_name("organizations/keystone");
  keystone.add_territories("territories/am-su-sisian");
  registry_.Add(keystone);
  ASSERT_TRUE(records_->moves.Handle(event_of("organizations/keystone"), job).ok());
  EXPECT_GT(registry_.calls().size(), asked_before);
  auto moved = records_->submissions.Get(records::Request(ministry_), entered->name());
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_THAT(moved->org_unit_path(), ::testing::Contains("territories/am-su-sisian"));
  EXPECT_THAT(moved->org_unit_path(),
              ::testing::Not(::testing::Contains("territories/am-su-goris")));
}

// Analytics reads a question's totals while it reads its indicators again, keyed by the
// indicators as it last read them: once a ratio's terms changed, the answer is the new terms'
// (a guess trusted without its versions would miss the new term's totals).
TEST_F(MonitoringRaceTest, AnalyticsFollowsARatioWhoseTermsChanged) {
  const records::Request as_ministry(ministry_);
  v1::Indicator ratio;
  ratio.set_code("SHARE");
  (*ratio.mutable_display_name())["en"] = "Share";
  ratio.set_value_type(v1::NUMBER);
  ratio.set_aggregation(v1::SUM);
  ratio.mutable_numerator()->add_terms()->set_indicator("indicators/served");
  ratio.mutable_denominator()->add_terms()->set_indicator("indicators/served");
  ratio.set_factor(100);
  ASSERT_TRUE(records_->indicators.Create(as_ministry, ratio, "share", "").ok());
  v1::SetDataValuesRequest entry = Entry("202610", 30);
  v1::DataValueInput* trained = entry.add_values();
  trained->set_indicator("indicators/trained");
  trained->set_value("60");
  ASSERT_TRUE(records_->entry.SetValues(records::Request(staff_), entry).ok());

  auto share = [&] {
    v1::GetAnalyticsRequest q;
    q.add_indicators("indicators/share");
    q.add_org_units("organizations/keystone");
    q.add_periods("202610");
    auto a = records_->analytics.Answer(as_ministry, q);
    EXPECT_TRUE(a.ok()) << a.status();
    return a.ok() && a->rows_size() == 1 ? a->rows(0).value() : -1.0;
  };
  EXPECT_EQ(share(), 100);
  EXPECT_EQ(share(), 100) << "asked again, the indicators as last read";
  v1::Indicator patch;
  patch.set_name("indicators/share");
  patch.mutable_numerator()->add_terms()->set_indicator("indicators/trained");
  google::protobuf::FieldMask mask;
  mask.add_paths("numerator");
  auto updated = records_->indicators.Update(as_ministry, patch, mask);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(share(), 200) << "trained / served x 100, at once";
  EXPECT_EQ(share(), 200);
}

// Runs `before` once, when armed, just before the next write holding a submission: what another
// request did between an entry's reads and its write.
class BeforeSubmissionWrite : public testing::ForwardingDocumentStore {
 public:
  BeforeSubmissionWrite(DocumentStore* store, std::function<void()> before)
      : ForwardingDocumentStore(store), before_(std::move(before)) {}
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override {
    for (const DocumentChange& d : plan.documents) {
      if (d.collection == aip::CollectionOf<v1::Submission>() && armed.exchange(false)) {
        before_();
        break;
      }
    }
    return ForwardingDocumentStore::Write(plan);
  }
  std::atomic<bool> armed = false;

 private:
  const std::function<void()> before_;
};

// An archived data set takes no more figures: an edit whose data set is archived after the entry
// read it is refused by the write itself, nothing changed; later ones are refused naming the
// archive; the figures entered before are still approved.
TEST_F(MonitoringRaceTest, AnArchivedDataSetTakesNoMoreFigures) {
  const records::Request as_ministry(ministry_);
  BeforeSubmissionWrite* hook = nullptr;
  Steered records;
  records = RecordsOver(store_.get(), &import_runners_, [&]() -> std::unique_ptr<DocumentStore> {
    auto decorated = std::make_unique<BeforeSubmissionWrite>(am_.get(), [&] {
      auto archived = records->data_sets.Delete(as_ministry, "dataSets/monthly", "");
      ASSERT_TRUE(archived.ok()) << archived.status();
    });
    hook = decorated.get();
    return decorated;
  });
  auto first = records->entry.SetValues(records::Request(staff_), Entry("202610", 5));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_NE(hook, nullptr);

  hook->armed = true;
  auto raced = records->entry.SetValues(records::Request(staff_), Entry("202610", 6));
  EXPECT_EQ(raced.status().code(), absl::StatusCode::kFailedPrecondition) << raced.status();
  EXPECT_FALSE(hook->armed) << "the data set was archived between the entry's reads and write";
  auto stored = records->submissions.Get(records::Request(ministry_), first->name());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->values(0).value(), "5") << "nothing of the refused edit landed";
  EXPECT_EQ(stored->audit_size(), first->audit_size());

  auto later = records->entry.SetValues(records::Request(staff_), Entry("202610", 7));
  EXPECT_EQ(later.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(later.status().message()),
              HasSubstr("dataSets/monthly is archived: it takes no more figures"));
  auto fresh = records->entry.SetValues(records::Request(staff_), Entry("202609", 7));
  EXPECT_EQ(fresh.status().code(), absl::StatusCode::kFailedPrecondition) << "nor new ones";

  v1::SubmissionActionRequest approve;
  approve.set_name(first->name());
  auto approved = records->entry.Approve(records::Request(clerk_), approve);
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->state(), v1::SUBMISSION_APPROVED);
}

TEST_F(MonitoringRaceTest, FirstEntriesRacingMakeOneSubmission) {
  std::vector<absl::StatusOr<v1::Submission>> made(kWriters, absl::UnknownError("not run"));
  absl::Barrier* start = new absl::Barrier(kWriters);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      if (start->Block()) delete start;
      // As a client would: a write that kept losing the race (ABORTED) is sent again.
      do {
        made[w] = records_->entry.SetValues(records::Request(staff_), Entry("202609", w));
      } while (!made[w].ok() && made[w].status().code() == absl::StatusCode::kAborted);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& m : made) {
    ASSERT_TRUE(m.ok()) << m.status();
    EXPECT_EQ(m->name(), made[0]->name());
  }
  v1::ListSubmissionsRequest list;
  list.set_filter(R"(period = "202609")");
  auto page = records_->submissions.List(records::Request(ministry_), records::ListQueryOf(list));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].audit_size(), kWriters) << "each first entry changed the figure";
}

// An organisation moved to another country keeps every submission in the keyspace it was pinned
// to by its first: a new period's figures go there (with the new path), and a period approved
// before the move stays locked (a first entry in the new country's keyspace would make a second
// submission of it, past the lock). Seen from a fresh process, which remembers nothing.
TEST_F(MonitoringRaceTest, AnOrganisationMovedToAnotherCountryKeepsItsSubmissionsTogether) {
  auto first = records_->entry.SetValues(records::Request(staff_), Entry("202601", 5));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(absl::StartsWith(first->name(), "submissions/am-")) << first->name();
  v1::SubmissionActionRequest approve;
  approve.set_name(first->name());
  ASSERT_TRUE(records_->entry.Approve(records::Request(clerk_), approve).ok());

  registry::v1::Territory moldova;
  moldova.set_name("territories/md");
  registry::v1::Territory cahul;
  cahul.set_name("territories/md-cahul");
  cahul.add_ancestors("territories/md");
  registry_.Add(moldova);
  registry_.Add(cahul);
  registry::v1::Organization keystone;
  keystone.set_name("organizations/keystone");
  keystone.add_territories("territories/md-cahul");
  registry_.Add(keystone);
  auto fresh = RecordsOver(store_.get(), &import_runners_);

  auto next = fresh->entry.SetValues(records::Request(staff_), Entry("202602", 6));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_TRUE(absl::StartsWith(next->name(), "submissions/am-")) << next->name();
  EXPECT_EQ(next->org_unit_path(0), "territories/md") << "it lies in Moldova now";
  auto locked = fresh->entry.SetValues(records::Request(staff_), Entry("202601", 7));
  EXPECT_EQ(locked.status().code(), absl::StatusCode::kFailedPrecondition) << locked.status();
  EXPECT_THAT(locked.status().message(), HasSubstr("locked"));
  v1::DecideApprovalRequest decide;
  decide.set_data_set("dataSets/monthly");
  decide.set_org_unit("organizations/keystone");
  decide.set_period("202601");
  decide.set_action(v1::UNAPPROVE);
  decide.set_reason("a typo");
  auto unapproved = fresh->entry.DecideApproval(records::Request(ministry_), decide);
  EXPECT_TRUE(unapproved.ok()) << unapproved.status() << ": found where it was approved";
  auto stored = records::ScanAll<v1::Submission>(am_.get(), {});
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), 2u);
  auto listed = fresh.stores->List();
  ASSERT_TRUE(listed.ok());
  EXPECT_THAT(*listed, ::testing::ElementsAre("am")) << "nothing was written in Moldova's";
  // Its figures count in Moldova's totals (read from Armenia's keyspace, which holds them), no
  // longer in Armenia's: February's entered after the move, January's since it was unapproved
  // (open again, it follows its organisation).
  auto total = [&](MonitoringRecords& in, const std::string& territory, const std::string& period) {
    v1::GetAnalyticsRequest q;
    q.add_indicators("indicators/served");
    q.add_org_units(territory);
    q.add_periods(period);
    auto a = in.analytics.Answer(records::Request(ministry_), q);
    EXPECT_TRUE(a.ok()) << a.status();
    double sum = 0;
    if (a.ok()) {
      for (const v1::AnalyticsRow& row : a->rows()) sum += row.value();
    }
    return sum;
  };
  for (MonitoringRecords* in : {fresh.records.get(), records_.get()}) {
    EXPECT_EQ(total(*in, "territories/md", "202602"), 6) << "seen from either process";
    EXPECT_EQ(total(*in, "territories/am", "202602"), 0);
    EXPECT_EQ(total(*in, "territories/md", "202601"), 5);
    EXPECT_EQ(total(*in, "territories/am", "202601"), 0);
  }
}

// Submissions of two countries are listed page after page across both keyspaces, each once,
// whatever the page size; a token naming no country is refused.
TEST_F(MonitoringRaceTest, ListsReadEveryCountryOnce) {
  const Principal casa = Person(kRoleCso, "staff@casa", "organizations/casa");
  std::set<std::string> made;
  for (int month = 1; month <= 5; ++month) {
    for (const auto& [who, org_unit] :
         {std::pair{staff_, "organizations/keystone"}, {casa, "organizations/casa"}}) {
      v1::SetDataValuesRequest entry = Entry(absl::StrCat("20260", month), month);
      entry.set_org_unit(org_unit);
      auto s = records_->entry.SetValues(records::Request(who), entry);
      ASSERT_TRUE(s.ok()) << s.status();
      made.insert(s->name());
    }
  }
  for (int page_size : {1, 3, 5, 10, 0}) {
    std::vector<std::string> listed;
    v1::ListSubmissionsRequest list;
    list.set_page_size(page_size);
    for (int pages = 0;; ++pages) {
      ASSERT_LT(pages, 20);
      auto page =
          records_->submissions.List(records::Request(ministry_), records::ListQueryOf(list));
      ASSERT_TRUE(page.ok()) << page.status();
      EXPECT_LE(page->items.size(), static_cast<size_t>(page_size == 0 ? 50 : page_size));
      for (const v1::Submission& s : page->items) listed.push_back(s.name());
      if (page->next_page_token.empty()) break;
      list.set_page_token(page->next_page_token);
    }
    EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), made) << page_size;
    EXPECT_EQ(listed.size(), made.size()) << page_size;
    // Armenia's first, then Moldova's.
    EXPECT_TRUE(absl::StartsWith(listed.front(), "submissions/am-")) << page_size;
    EXPECT_TRUE(absl::StartsWith(listed.back(), "submissions/md-")) << page_size;
  }
  v1::ListSubmissionsRequest forged;
  for (const char* token : {"zz/", "md", "-/x", "am/garbage"}) {
    forged.set_page_token(token);
    auto refused =
        records_->submissions.List(records::Request(ministry_), records::ListQueryOf(forged));
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << token;
  }
  forged.set_page_token("");
  forged.set_filter("no such field = 1");
  EXPECT_EQ(records_->submissions.List(records::Request(ministry_), records::ListQueryOf(forged))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

// A country whose first figures came after a cursor was taken is read whole by the next pull
// from it (as a snapshot: its figures, none of its tombstones), the other country's from where
// the cursor stood.
TEST_F(MonitoringRaceTest, APullReadsACountryThatReportedSinceItsCursorWhole) {
  const Principal warehouse = Person(kRoleWarehouse, "warehouse@am");
  const Principal casa = Person(kRoleCso, "staff@casa", "organizations/casa");
  ASSERT_TRUE(records_->entry.SetValues(records::Request(staff_), Entry("202601", 1)).ok());
  absl::StatusOr<PullCursor> before = records_->pull.Cursor(records::Request(warehouse));
  ASSERT_TRUE(before.ok());
  EXPECT_THAT(FormatPullCursor(*before), ::testing::StartsWith("am:"));
  EXPECT_EQ(before->countries.Of("md"), 0);
  for (const auto& [period, value] : {std::pair{"202601", 3}, {"202602", 4}}) {
    v1::SetDataValuesRequest entry = Entry(period, value);
    entry.set_org_unit("organizations/casa");
    ASSERT_TRUE(records_->entry.SetValues(records::Request(casa), entry).ok());
  }
  v1::SetDataValuesRequest removed = Entry("202602", 0);
  removed.set_org_unit("organizations/casa");
  removed.mutable_values(0)->set_delete_(true);
  removed.mutable_values(0)->set_reason("entered twice");
  ASSERT_TRUE(records_->entry.SetValues(records::Request(casa), removed).ok());
  ASSERT_TRUE(records_->entry.SetValues(records::Request(staff_), Entry("202601", 2)).ok());

  PullRequest pull;
  pull.since = *before;
  std::vector<std::string> read;
  PullNames names;
  PullAt at;
  for (bool done = false; !done;) {
    auto page = records_->pull.Page(records::Request(warehouse), pull, at, &names);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const v1::DataValueRecord& r : page->records) {
      read.push_back(absl::StrCat(r.org_unit(), " ", r.period(), "=", r.value(),
                                  r.deleted() ? " deleted" : ""));
    }
    at = page->at;
    done = page->done;
  }
  EXPECT_THAT(read, ::testing::UnorderedElementsAre("organizations/keystone 202601=2",
                                                    "organizations/casa 202601=3"));
  EXPECT_GT(at.until.countries.Of("md"), 0);
}

TEST_F(MonitoringRaceTest, PullsFollowingWritersSkipAndRepeatNothing) {
  // Two writers per submission, each with its own figure: a pull that reported a submission's
  // figures that did not change would read the other writer's figure twice.
  constexpr int kSubmissions = 8;
  // Fewer versions per submission than a history keeps (two writers of 12): repeats are then
  // impossible, so any is a defect.
  constexpr int kWritesEach = 12;
  const Principal warehouse = Person(kRoleWarehouse, "warehouse@am");
  auto period = [](int w) {
    return absl::StrCat("2026", absl::Dec(1 + w % kSubmissions, absl::kZeroPad2));
  };
  std::atomic<int> running{kWriters};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 1; i <= kWritesEach; ++i) {
        v1::SetDataValuesRequest entry = Entry(
            period(w), w * 1000 + i, w < kSubmissions ? "indicators/served" : "indicators/trained");
        if (i % 4 == 0) {  // a deletion now and then
          entry.mutable_values(0)->set_delete_(true);
          entry.mutable_values(0)->set_reason("entered twice");
        }
        // Every other submission is Moldova's: the pulls read both countries' feeds.
        const bool moldova = (w % kSubmissions) % 2 == 1;
        if (moldova) entry.set_org_unit("organizations/casa");
        absl::StatusOr<v1::Submission> out = records_->entry.SetValues(
            records::Request(moldova ? Person(kRoleCso, "staff@casa", "organizations/casa")
                                     : staff_),
            entry);
        // Nothing to delete (the figure was deleted already) is an answer, not a failure.
        EXPECT_TRUE(out.ok() || out.status().code() == absl::StatusCode::kNotFound) << out.status();
      }
      --running;
    });
  }
  // The warehouse's table: (submission, indicator, combination) -> value. Pages of 3
  // submissions; every other pull visits its pages with the next page read ahead.
  std::map<std::string, std::string> table;
  std::set<std::string> reads;
  PullCursor since;
  int pulls = 0;
  int most_pages_read_ahead = 0;  // in one pull
  WarehousePull short_pages(&records_->submissions, {.submissions = 3});
  BlockingExecutor fetchers(1);
  for (bool last = false; !last; ++pulls) {
    last = running.load() == 0;  // one more pull after the writers finished
    PullRequest pull;
    pull.since = since;
    absl::StatusOr<PullCursor> until = records_->pull.Cursor(records::Request(warehouse));
    ASSERT_TRUE(until.ok()) << until.status();
    pull.until = *until;
    pull.until_given = true;
    PullNames names;
    PullFetchAhead ahead(&fetchers);
    PullAt at;
    int pages = 0;
    for (bool done = false; !done; ++pages) {
      absl::StatusOr<PullPage> page;
      if (pulls % 2 == 0) {
        page = short_pages.Page(records::Request(warehouse), pull, at, &names);
      } else {
        std::vector<v1::DataValueRecord> visited;
        page = short_pages.VisitPage(
            records::Request(warehouse), pull, at, &names,
            [&visited](const v1::DataValueRecord& r) { visited.push_back(r); }, &ahead);
        if (page.ok()) page->records = std::move(visited);
      }
      ASSERT_TRUE(page.ok()) << page.status();
      for (const v1::DataValueRecord& r : page->records) {
        const std::string key =
            absl::StrCat(r.submission(), "|", r.indicator(), "|", r.category_option_combo());
        EXPECT_TRUE(reads.insert(absl::StrCat(key, "=", r.value(), r.deleted() ? "-" : "+")).second)
            << key << " " << r.value() << " read twice";
        if (r.deleted()) {
          table.erase(key);
        } else {
          table[key] = r.value();
        }
      }
      at = page->at;
      done = page->done;
    }
    if (pulls % 2 == 1) most_pages_read_ahead = std::max(most_pages_read_ahead, pages);
    since = *until;
  }
  for (auto& t : writers) t.join();
  EXPECT_GT(pulls, 2);
  EXPECT_GE(most_pages_read_ahead, 2);
  std::map<std::string, std::string> service;
  absl::StatusOr<std::vector<v1::Submission>> stored =
      records::ScanAll<v1::Submission>(am_.get(), {});
  ASSERT_TRUE(stored.ok()) << stored.status();
  RedisDocumentStore md(redis_.get(), RedisDocumentStoreOptions{"civitas:{monitoring@md}"});
  absl::StatusOr<std::vector<v1::Submission>> in_md = records::ScanAll<v1::Submission>(&md, {});
  ASSERT_TRUE(in_md.ok()) << in_md.status();
  EXPECT_EQ(stored->size(), static_cast<size_t>(kSubmissions / 2));
  EXPECT_EQ(in_md->size(), static_cast<size_t>(kSubmissions / 2));
  stored->insert(stored->end(), in_md->begin(), in_md->end());
  ASSERT_EQ(stored->size(), static_cast<size_t>(kSubmissions));
  for (const v1::Submission& s : *stored) {
    for (const v1::DataValue& v : s.values()) {
      service[absl::StrCat(s.name(), "|", v.indicator(), "|default")] = v.value();
    }
  }
  EXPECT_EQ(table, service);

  // The totals the same writes kept agree with the figures, for every roll-up and level.
  std::map<std::string, double> expected;  // "<indicator> <period>" -> sum
  for (const v1::Submission& s : *stored) {
    for (const v1::DataValue& v : s.values()) {
      expected[absl::StrCat(v.indicator(), " ", s.period())] += std::stod(v.value());
      expected[absl::StrCat(v.indicator(), " 2026")] += std::stod(v.value());
    }
  }
  v1::GetAnalyticsRequest ask;
  ask.add_indicators("indicators/served");
  ask.add_indicators("indicators/trained");
  ask.add_org_units("organizations/keystone");
  ask.add_org_units("territories/am");
  ask.add_periods("2026");
  for (int m = 1; m <= kSubmissions; ++m)
    ask.add_periods(absl::StrCat("2026", absl::Dec(m, absl::kZeroPad2)));
  absl::StatusOr<v1::Analytics> answer =
      records_->analytics.Answer(records::Request(warehouse), ask);
  ASSERT_TRUE(answer.ok()) << answer.status();
  std::map<std::string, double> answered;
  for (const v1::AnalyticsRow& row : answer->rows()) {
    const std::string key = absl::StrCat(row.indicator(), " ", row.period());
    if (row.org_unit() == "territories/am") {
      answered[key] = row.value();
    } else {
      EXPECT_EQ(row.value(), expected[key]) << "organizations/keystone " << key;
    }
  }
  EXPECT_EQ(answered, expected);
}

// A DHIS2 dataValueSets document: both indicators of every import organisation for months
// 1..`months` of 2026, each value `base` + month.
std::string ImportFile(int months, int base) {
  std::string json = R"({"dataSet":"dataSets/monthly","dataValues":[)";
  bool first = true;
  for (int i = 0; i < kImportOrgUnits; ++i) {
    for (int m = 1; m <= months; ++m) {
      for (const char* indicator : {"indicators/served", "indicators/trained"}) {
        absl::StrAppend(&json, first ? "" : ",", R"({"dataElement":")", indicator,
                        R"(","period":"2026)", absl::Dec(m, absl::kZeroPad2),
                        R"(","orgUnit":"organizations/cso-)", i, R"(","value":")", base + m,
                        R"("})");
        first = false;
      }
    }
  }
  json += "]}";
  return json;
}

v1::ImportSummary SummaryOf(const google::longrunning::Operation& op) {
  v1::ImportSummary summary;
  EXPECT_TRUE(op.response().UnpackTo(&summary)) << op.DebugString();
  return summary;
}

// Importers racing with overlapping files: every import ends with each row counted once
// (imported, updated or unchanged; none refused), each figure holds one importer's value, and the
// totals the imports kept agree with the figures.
TEST_F(MonitoringRaceTest, ConcurrentImportsOfOverlappingFilesKeepFiguresAndTotalsExact) {
  constexpr int kImporters = 6;
  constexpr int kMonths = 11;
  const Principal admin = Person(kRoleAdmin, "admin@am");
  absl::Barrier start(kImporters);
  std::vector<absl::StatusOr<google::longrunning::Operation>> ops(kImporters);
  std::vector<std::thread> threads;
  for (int t = 0; t < kImporters; ++t) {
    threads.emplace_back([&, t] {
      start.Block();
      v1::ImportDataValuesRequest options;
      ops[t] = records_->imports.Start(records::Request(admin), options, "application/json",
                                       ImportFile(kMonths, 100 * (t + 1)));
    });
  }
  for (auto& th : threads) th.join();
  const int64_t rows = int64_t{kImportOrgUnits} * kMonths * 2;
  std::set<std::string> imported_once;
  for (int t = 0; t < kImporters; ++t) {
    ASSERT_TRUE(ops[t].ok()) << ops[t].status();
    ASSERT_TRUE(ops[t]->done()) << ops[t]->DebugString();
    const v1::ImportSummary s = SummaryOf(*ops[t]);
    EXPECT_EQ(s.ignored(), 0) << s.DebugString();
    EXPECT_EQ(s.imported() + s.updated() + s.unchanged(), rows) << s.DebugString();
  }
  auto stored = records::ScanAll<v1::Submission>(am_.get(), {});
  ASSERT_TRUE(stored.ok());
  std::map<std::string, double> expected;  // "<org unit> <indicator> <period>" -> value
  for (const v1::Submission& s : *stored) {
    if (!absl::StartsWith(s.org_unit(), "organizations/cso-")) continue;
    for (const v1::DataValue& v : s.values()) {
      const int value = std::stoi(v.value());
      const int month = std::stoi(s.period().substr(4));
      EXPECT_EQ((value - month) % 100, 0) << v.value();
      expected[absl::StrCat(s.org_unit(), " ", v.indicator(), " 2026")] += value;
    }
  }
  EXPECT_EQ(expected.size(), static_cast<size_t>(kImportOrgUnits) * 2);
  v1::GetAnalyticsRequest ask;
  ask.add_indicators("indicators/served");
  ask.add_indicators("indicators/trained");
  for (int i = 0; i < kImportOrgUnits; ++i)
    ask.add_org_units(absl::StrCat("organizations/cso-", i));
  ask.add_periods("2026");
  absl::StatusOr<v1::Analytics> answer = records_->analytics.Answer(records::Request(admin), ask);
  ASSERT_TRUE(answer.ok()) << answer.status();
  std::map<std::string, double> answered;
  for (const v1::AnalyticsRow& row : answer->rows()) {
    answered[absl::StrCat(row.org_unit(), " ", row.indicator(), " ", row.period())] = row.value();
  }
  EXPECT_EQ(answered, expected);

  // The same file again changes nothing and says so.
  auto again = records_->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                                       "application/json", ImportFile(kMonths, 100));
  ASSERT_TRUE(again.ok());
  auto repeat = records_->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                                        "application/json", ImportFile(kMonths, 100));
  ASSERT_TRUE(repeat.ok());
  EXPECT_EQ(SummaryOf(*repeat).unchanged(), rows);
  EXPECT_EQ(SummaryOf(*repeat).imported() + SummaryOf(*repeat).updated(), 0);
}

// A store whose writes of an import job's count can be refused, as if its runner's process ended
// between writing a batch and counting it.
class JobCountsRefused : public testing::ForwardingDocumentStore {
 public:
  using ForwardingDocumentStore::ForwardingDocumentStore;
  // A country's keyspace, steered by the flags of home's.
  JobCountsRefused(DocumentStore* store, const JobCountsRefused* follows)
      : ForwardingDocumentStore(store), follows_(follows) {}
  // Every write of the job alone is refused (UNAVAILABLE), or only those of a job still running
  // (its counts, not its end).
  std::atomic<bool> refuse = false;
  std::atomic<bool> refuse_running = false;
  // A batch's write fails as the store would (INTERNAL).
  std::atomic<bool> fail_batches = false;
  // The job's writes land but their answers are lost (UNAVAILABLE: the outcome is unknown, as
  // when a connection drops after Redis ran the write).
  std::atomic<bool> lose_job_answers = false;
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override {
    if (follows_ != nullptr && follows_->fail_batches) {
      for (const DocumentChange& d : plan.documents) {
        if (d.collection == aip::CollectionOf<v1::ImportBatch>()) {
          return absl::InternalError("the store failed (test)");
        }
      }
    }
    if (plan.documents.size() == 1 &&
        plan.documents[0].collection == aip::CollectionOf<v1::ImportJob>()) {
      v1::ImportJob job;
      job.ParseFromString(plan.documents[0].payload);
      if (refuse || (refuse_running && job.state() == v1::IMPORT_JOB_RUNNING)) {
        return absl::UnavailableError("the job's count is refused (test)");
      }
      if (lose_job_answers) {
        (void)store()->Write(plan);
        return absl::UnavailableError("the connection dropped after the write (test)");
      }
    }
    if (fail_batches) {
      for (const DocumentChange& d : plan.documents) {
        if (d.collection == aip::CollectionOf<v1::ImportBatch>()) {
          return absl::InternalError("the store failed (test)");
        }
      }
    }
    return store()->Write(plan);
  }

 private:
  const JobCountsRefused* const follows_ = nullptr;
};

// `am_` steered by `home`'s flags.
std::function<std::unique_ptr<DocumentStore>()> FollowingIn(DocumentStore* am,
                                                            const JobCountsRefused* home) {
  return [am, home] { return std::make_unique<JobCountsRefused>(am, home); };
}

// An import whose runner stops (its process ends) after some batches stays running until its
// lease runs out, its progress saying what it counted; then another runner takes it over,
// counts the batches written and not counted (here: the first runner's counts were refused
// from some point on, while its batches kept landing), writes the rest, and the operation ends
// with every row counted once.
TEST_F(MonitoringRaceTest, AnImportWhoseRunnerStoppedIsResumedByAnother) {
  const Principal admin = Person(kRoleAdmin, "admin@am");
  constexpr int kMonths = 11;  // December 2026 is still ahead
  const int64_t rows = int64_t{kImportOrgUnits} * kMonths * 2;
  google::longrunning::Operation op;
  std::string uncounted_batch;
  {
    // The first runner writes one submission per batch, and stops (its process ends) once a
    // few have landed.
    BlockingExecutor runner(1);
    JobCountsRefused counts(store_.get());
    auto first = RecordsOver(&counts, &runner, FollowingIn(am_.get(), &counts));
    auto started = first->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                                        "application/json", ImportFile(kMonths, 500));
    ASSERT_TRUE(started.ok()) << started.status();
    EXPECT_FALSE(started->done());
    op = *started;
    const std::string job_id = aip::IdIn<v1::ImportJob>(op.name());
    ASSERT_TRUE(Eventually([&] { return StoredJob(job_id).progress().submissions_done() >= 3; }));
    // From now on its counts are refused, and its next batch lands uncounted.
    counts.refuse = true;
    uncounted_batch = absl::StrCat("am-", job_id, "-", StoredJob(job_id).batches_done());
    ASSERT_TRUE(Eventually([&] { return BatchWritten(uncounted_batch); }));
    first.reset();  // waits for its import to notice, after the batch it is writing
  }
  auto running = records_->imports.Get(records::Request(admin), op.name());
  ASSERT_TRUE(running.ok());
  ASSERT_FALSE(running->done()) << "the first runner wrote every batch before it stopped";
  v1::DataValueImport stopped;
  ASSERT_TRUE(running->metadata().UnpackTo(&stopped));
  EXPECT_GE(stopped.submissions_done(), 3);
  // What it counted is counted exactly: one figure per row of each submission counted.
  EXPECT_EQ(stopped.summary().imported(), stopped.submissions_done() * 2);
  // A batch landed after the last count: its record says so, and what it did.
  auto written = records::ReadRecord<v1::ImportBatch>(
      am_.get(), aip::CollectionOf<v1::ImportBatch>(), uncounted_batch);
  ASSERT_TRUE(written.ok() && written->has_value());
  EXPECT_TRUE((*written)->record.written());
  EXPECT_EQ((*written)->record.submission_count(), 1);
  EXPECT_EQ((*written)->record.tally().imported(), 2);
  EXPECT_EQ((*written)->record.submissions_size(), 0) << "its rows are in the submission now";
  // Within the lease nobody takes it over.
  absl::StatusOr<int> resumed = records_->imports.ResumeStalled();
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(*resumed, 0);
  clock_.Advance(absl::Seconds(61));
  resumed = records_->imports.ResumeStalled();
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(*resumed, 1);
  records_->imports.WaitIdle();
  auto ended = records_->imports.Get(records::Request(admin), op.name());
  ASSERT_TRUE(ended.ok());
  ASSERT_TRUE(ended->done()) << ended->DebugString();
  const v1::ImportSummary s = SummaryOf(*ended);
  EXPECT_EQ(s.imported(), rows) << s.DebugString();
  EXPECT_EQ(s.ignored(), 0);
  v1::DataValueImport progress;
  ASSERT_TRUE(ended->metadata().UnpackTo(&progress));
  EXPECT_EQ(progress.resumptions(), 1);
  EXPECT_EQ(progress.submissions_done(), progress.submissions());
  EXPECT_EQ(progress.state(), v1::IMPORT_DONE);
  // Another caller does not see it.
  EXPECT_EQ(records_->imports.Get(records::Request(staff_), op.name()).status().code(),
            absl::StatusCode::kNotFound);
}

// An import the store fails part way ends FAILED with a summary of exactly what landed, the
// batches its runner wrote but had not counted yet included (their records say what they did).
TEST_F(MonitoringRaceTest, AnImportTheStoreFailsCountsEveryBatchThatLanded) {
  const Principal admin = Person(kRoleAdmin, "admin@am");
  BlockingExecutor runner(1);
  JobCountsRefused store(store_.get());
  auto records = RecordsOver(&store, &runner, FollowingIn(am_.get(), &store));
  auto started = records->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                                        "application/json", ImportFile(11, 500));
  ASSERT_TRUE(started.ok()) << started.status();
  const std::string job_id = aip::IdIn<v1::ImportJob>(started->name());
  auto job = [&] { return StoredJob(job_id); };
  ASSERT_TRUE(Eventually([&] { return job().progress().submissions_done() >= 3; }));
  store.refuse_running = true;
  const int counted = job().batches_done();
  ASSERT_TRUE(Eventually([&] { return BatchWritten(absl::StrCat("am-", job_id, "-", counted)); }));
  store.fail_batches = true;
  records->imports.WaitIdle();
  const v1::ImportJob ended = job();
  ASSERT_EQ(ended.state(), v1::IMPORT_JOB_ENDED) << ended.DebugString();
  EXPECT_EQ(ended.progress().state(), v1::IMPORT_FAILED);
  EXPECT_EQ(ended.error_code(), static_cast<int>(absl::StatusCode::kInternal)) << ended.error();
  auto stored = records::ScanAll<v1::Submission>(am_.get(), {});
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_GT(static_cast<int>(stored->size()), counted) << "a batch landed after the last count";
  EXPECT_EQ(ended.progress().submissions_done(), static_cast<int64_t>(stored->size()));
  EXPECT_EQ(ended.progress().summary().imported(), static_cast<int64_t>(stored->size()) * 2);
  EXPECT_THAT(ended.error(), HasSubstr(absl::StrCat("stopped after ", stored->size(), " of ")));
}

// Import batches whose record, as read, does not parse (the rest read as stored).
class CorruptBatchRecords : public testing::ForwardingDocumentStore {
 public:
  CorruptBatchRecords(DocumentStore* store, std::string id_suffix)
      : ForwardingDocumentStore(store), suffix_(std::move(id_suffix)) {}
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetMany(
      const std::string& collection, const std::vector<std::string>& ids) override {
    auto read = ForwardingDocumentStore::GetMany(collection, ids);
    if (!read.ok() || collection != aip::CollectionOf<v1::ImportBatch>()) return read;
    for (std::optional<StoredDocument>& doc : *read) {
      if (doc.has_value() && absl::EndsWith(doc->id, suffix_)) doc->payload = "\xff\xff";
    }
    return read;
  }

 private:
  const std::string suffix_;
};

// A batch whose record does not parse fails the import when its turn comes, naming it; the
// batches before it, read with it, land first.
TEST_F(MonitoringRaceTest, AnImportWithACorruptBatchWritesTheBatchesBeforeIt) {
  const Principal admin = Person(kRoleAdmin, "admin@am");
  BlockingExecutor runner(1);
  auto records = RecordsOver(store_.get(), &runner, [&]() -> std::unique_ptr<DocumentStore> {
    return std::make_unique<CorruptBatchRecords>(am_.get(), "-3");
  });
  auto started = records->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                                        "application/json", ImportFile(1, 100));
  ASSERT_TRUE(started.ok()) << started.status();
  records->imports.WaitIdle();
  const std::string job_id = aip::IdIn<v1::ImportJob>(started->name());
  const v1::ImportJob ended = StoredJob(job_id);
  ASSERT_EQ(ended.state(), v1::IMPORT_JOB_ENDED) << ended.DebugString();
  EXPECT_EQ(ended.progress().state(), v1::IMPORT_FAILED);
  EXPECT_EQ(ended.error_code(), static_cast<int>(absl::StatusCode::kDataLoss)) << ended.error();
  EXPECT_THAT(ended.error(), HasSubstr(absl::StrCat("am-", job_id, "-3 does not parse")));
  EXPECT_EQ(ended.progress().submissions_done(), 3) << "batches 0, 1 and 2";
  auto stored = records::ScanAll<v1::Submission>(am_.get(), {});
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->size(), 3u);
}

// A count of the job whose answer is lost (it landed) is not taken for a refused one: every
// batch is counted once, whatever the answers said.
TEST_F(MonitoringRaceTest, CountsWhoseAnswersAreLostCountEachBatchOnce) {
  const Principal admin = Person(kRoleAdmin, "admin@am");
  constexpr int kMonths = 11;
  BlockingExecutor runner(1);
  JobCountsRefused store(store_.get());
  auto records = RecordsOver(&store, &runner, FollowingIn(am_.get(), &store));
  auto started = records->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                                        "application/json", ImportFile(kMonths, 700));
  ASSERT_TRUE(started.ok()) << started.status();
  const std::string job_id = aip::IdIn<v1::ImportJob>(started->name());
  auto job = [&] { return StoredJob(job_id); };
  ASSERT_TRUE(Eventually([&] { return job().progress().submissions_done() >= 3; }));
  store.lose_job_answers = true;
  records->imports.WaitIdle();
  const v1::ImportJob ended = job();
  ASSERT_EQ(ended.state(), v1::IMPORT_JOB_ENDED) << ended.DebugString();
  EXPECT_EQ(ended.progress().state(), v1::IMPORT_DONE) << ended.error();
  EXPECT_EQ(ended.batches_done(), ended.batches());
  EXPECT_EQ(ended.progress().submissions_done(), ended.progress().submissions());
  EXPECT_EQ(ended.progress().summary().imported(), int64_t{kImportOrgUnits} * kMonths * 2)
      << ended.progress().summary().DebugString();
}

// A runner reads and counts its job once `count_every` has passed, not with every batch: here
// (the clock standing still) once at the start and once at the end, and the job still ends with
// every batch counted once.
TEST_F(MonitoringRaceTest, AnImportCountsItsBatchesAtItsPaceNotWithEach) {
  const Principal admin = Person(kRoleAdmin, "admin@am");
  constexpr int kMonths = 11;
  BlockingExecutor runner(1);
  auto records = RecordsOver(store_.get(), &runner, nullptr,
                             {.lease = absl::Seconds(60),
                              .rows_answered_at_once = 0,
                              .submissions_per_batch = 1,
                              .bytes_read_at_once = 0,
                              .count_every = absl::Hours(1)});
  auto started = records->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                                        "application/json", ImportFile(kMonths, 900));
  ASSERT_TRUE(started.ok()) << started.status();
  records->imports.WaitIdle();
  const std::string job_id = aip::IdIn<v1::ImportJob>(started->name());
  auto read =
      records::ReadRecord<v1::ImportJob>(store_.get(), aip::CollectionOf<v1::ImportJob>(), job_id);
  ASSERT_TRUE(read.ok() && read->has_value());
  const v1::ImportJob& ended = (*read)->record;
  ASSERT_EQ(ended.state(), v1::IMPORT_JOB_ENDED) << ended.DebugString();
  EXPECT_EQ(ended.progress().state(), v1::IMPORT_DONE) << ended.error();
  ASSERT_EQ(ended.batches(), kImportOrgUnits * kMonths) << "one submission a batch";
  EXPECT_EQ(ended.batches_done(), ended.batches());
  EXPECT_EQ(ended.progress().summary().imported(), int64_t{kImportOrgUnits} * kMonths * 2);
  // Written when created, read, and ended: not once a batch.
  EXPECT_LT((*read)->version, 8) << ended.batches() << " batches";
}

// Archives a data set (through `archive`) before the `nth` write of submissions.
class ArchiveBeforeNthWrite : public testing::ForwardingDocumentStore {
 public:
  ArchiveBeforeNthWrite(DocumentStore* store, int nth, std::function<void()> archive)
      : ForwardingDocumentStore(store), nth_(nth), archive_(std::move(archive)) {}
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override {
    for (const DocumentChange& d : plan.documents) {
      if (d.collection == aip::CollectionOf<v1::Submission>()) {
        if (++writes_ == nth_) archive_();
        break;
      }
    }
    return ForwardingDocumentStore::Write(plan);
  }

 private:
  const int nth_;
  const std::function<void()> archive_;
  std::atomic<int> writes_ = 0;
};

// A data set archived while an import of its figures runs takes none of them from then on: the
// batch whose write finds it archived (an update of figures here, whose plan predates the
// archive) is refused by the write itself and planned again, its rows and every later one
// refused one by one; the job ends done, not failed, its summary saying so.
TEST_F(MonitoringRaceTest, AnImportRefusesTheRowsOfADataSetArchivedWhileItRuns) {
  const Principal admin = Person(kRoleAdmin, "admin@am");
  BlockingExecutor runner(1);
  Steered records;
  records = RecordsOver(store_.get(), &runner, [&]() -> std::unique_ptr<DocumentStore> {
    // The first import's 24 batches, then the second's first: archived before its second.
    return std::make_unique<ArchiveBeforeNthWrite>(am_.get(), 24 + 2, [&] {
      auto archived =
          records->data_sets.Delete(records::Request(ministry_), "dataSets/monthly", "");
      ASSERT_TRUE(archived.ok()) << archived.status();
    });
  });
  auto first = records->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                                      "application/json", ImportFile(3, 100));
  ASSERT_TRUE(first.ok()) << first.status();
  records->imports.WaitIdle();
  ASSERT_EQ(StoredJob(aip::IdIn<v1::ImportJob>(first->name())).progress().summary().imported(),
            int64_t{kImportOrgUnits} * 3 * 2);

  // Months 1-3 updated, 4-6 created, org unit by org unit: one submission a batch.
  auto second = records->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                                       "application/json", ImportFile(6, 200));
  ASSERT_TRUE(second.ok()) << second.status();
  records->imports.WaitIdle();
  const v1::ImportJob ended = StoredJob(aip::IdIn<v1::ImportJob>(second->name()));
  ASSERT_EQ(ended.state(), v1::IMPORT_JOB_ENDED);
  EXPECT_EQ(ended.progress().state(), v1::IMPORT_DONE) << ended.error();
  const v1::ImportSummary& summary = ended.progress().summary();
  EXPECT_EQ(summary.updated(), 2) << "the first batch only: " << summary.DebugString();
  EXPECT_EQ(summary.imported(), 0);
  EXPECT_EQ(summary.ignored(), int64_t{kImportOrgUnits} * 6 * 2 - 2);
  ASSERT_GT(summary.conflicts_size(), 0);
  EXPECT_EQ(summary.conflicts(0).field(), "dataSet");
  EXPECT_THAT(summary.conflicts(0).reason(), HasSubstr("no longer active"));

  // The figures of the second batch on are as the first import left them.
  auto stored = records::ScanAll<v1::Submission>(am_.get(), {});
  ASSERT_TRUE(stored.ok());
  int changed = 0;
  for (const v1::Submission& s : *stored) {
    if (!absl::StartsWith(s.org_unit(), "organizations/cso-")) continue;
    EXPECT_LE(s.period(), "202603") << "no submission created after the archive";
    for (const v1::DataValue& v : s.values()) {
      if (v.value()[0] == '2') ++changed;
    }
  }
  EXPECT_EQ(changed, 2);
}

// How many import batches each write of a keyspace held.
class BatchesPerWrite : public testing::ForwardingDocumentStore {
 public:
  using ForwardingDocumentStore::ForwardingDocumentStore;
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override {
    int batches = 0;
    for (const DocumentChange& d : plan.documents) {
      if (d.collection == aip::CollectionOf<v1::ImportBatch>() &&
          d.kind == DocumentChange::Kind::kUpdate) {
        ++batches;
      }
    }
    if (batches > 0) {
      absl::MutexLock lock(&mu_);
      ++writes_[batches];
    }
    return ForwardingDocumentStore::Write(plan);
  }
  // Writes by the number of batches they held.
  std::map<int, int> Writes() {
    absl::MutexLock lock(&mu_);
    return writes_;
  }

 private:
  absl::Mutex mu_;
  std::map<int, int> writes_ ABSL_GUARDED_BY(mu_);
};

// While no caller is about an import writes two batches at a time; while callers are (a
// request started within the quiet window), one: each write holds Redis for less. Either way
// every batch lands once and is counted once.
TEST_F(MonitoringRaceTest, AnImportWritesShorterWhileCallersAreAbout) {
  const Principal admin = Person(kRoleAdmin, "admin@am");
  constexpr int kMonths = 11;
  for (const bool callers : {false, true}) {
    SCOPED_TRACE(callers ? "callers about" : "quiet");
    RequestActivity activity;
    if (callers) activity.Note(absl::Now());
    BatchesPerWrite* seen = nullptr;
    BlockingExecutor runner(1);
    auto records = RecordsOver(store_.get(), &runner,
                               [&]() -> std::unique_ptr<DocumentStore> {
                                 auto counting = std::make_unique<BatchesPerWrite>(am_.get());
                                 seen = counting.get();
                                 return counting;
                               },
                               {.lease = absl::Seconds(60),
                                .rows_answered_at_once = 0,
                                .submissions_per_batch = 1,
                                .bytes_read_at_once = 0,
                                .count_every = absl::ZeroDuration(),
                                .batches_per_quiet_write = 2,
                                .quiet_window = absl::Hours(1),
                                .activity = &activity});
    auto started =
        records->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                               "application/json", ImportFile(kMonths, callers ? 1300 : 1200));
    ASSERT_TRUE(started.ok()) << started.status();
    records->imports.WaitIdle();
    auto ended = records->imports.Get(records::Request(admin), started->name());
    ASSERT_TRUE(ended.ok() && ended->done()) << ended.status();
    const v1::ImportSummary summary = SummaryOf(*ended);
    const int64_t rows = int64_t{kImportOrgUnits} * kMonths * 2;
    EXPECT_EQ(summary.imported() + summary.updated(), rows) << summary.DebugString();
    ASSERT_NE(seen, nullptr);
    const std::map<int, int> writes = seen->Writes();
    int batches = 0;
    for (const auto& [held, n] : writes) batches += held * n;
    EXPECT_EQ(batches, kImportOrgUnits * kMonths) << "each batch written once";
    if (callers) {
      EXPECT_THAT(writes, ::testing::ElementsAre(::testing::Pair(1, batches)));
    } else {
      EXPECT_GT(writes.count(2) ? writes.at(2) : 0, batches / 4) << "most writes hold two batches";
      EXPECT_FALSE(writes.contains(3));
    }
  }
}

// A large file is read after the answer: a fault in it ends the operation with INVALID_ARGUMENT
// saying where, and nothing is imported; an import whose runner stops before reading its file
// ends at once, saying the file went with it.
TEST_F(MonitoringRaceTest, ALargeFilesFaultsEndItsOperation) {
  const Principal admin = Person(kRoleAdmin, "admin@am");
  BlockingExecutor runner(1);
  auto large = RecordsOver(store_.get(), &runner, nullptr,
                           {.lease = absl::Seconds(60), .bytes_read_at_once = 0});
  auto started = large->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                                      "application/json", R"({"dataValues":[{"value":)");
  ASSERT_TRUE(started.ok()) << started.status();
  EXPECT_FALSE(started->done());
  large->imports.WaitIdle();
  auto ended = large->imports.Get(records::Request(admin), started->name());
  ASSERT_TRUE(ended.ok());
  ASSERT_TRUE(ended->done());
  EXPECT_EQ(ended->error().code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ended->error().message(), HasSubstr("JSON"));

  // A content type other than JSON and CSV is refused before anything is read or stored.
  auto plain = large->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                                    "text/plain", "dataelement,period,orgunit\n");
  EXPECT_EQ(plain.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(plain.status().message(), HasSubstr("body.content_type"));
  EXPECT_TRUE(DataImport::CheckContentType("text/csv; charset=utf-8").ok());

  // A runner that stops before it reads the file: the job ends at once, saying so.
  BlockingExecutor held(1);
  absl::Notification release;
  held.Run([&release] { release.WaitForNotification(); });
  auto stopping = RecordsOver(store_.get(), &held, nullptr,
                              {.lease = absl::Seconds(60), .bytes_read_at_once = 0});
  auto reading = stopping->imports.Start(records::Request(admin), v1::ImportDataValuesRequest(),
                                         "application/json", ImportFile(2, 700));
  ASSERT_TRUE(reading.ok()) << reading.status();
  stopping->imports.Stop();
  release.Notify();
  stopping->imports.WaitIdle();
  stopping.reset();
  clock_.Advance(absl::Minutes(11));  // past the reading lease: nothing is left to take over
  absl::StatusOr<int> resumed = records_->imports.ResumeStalled();
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(*resumed, 0);
  auto lost = records_->imports.Get(records::Request(admin), reading->name());
  ASSERT_TRUE(lost.ok());
  ASSERT_TRUE(lost->done());
  EXPECT_THAT(lost->error().message(), HasSubstr("send it again"));
}

// An organisation in no territory has no country: its figures are refused, by entry and by
// import, and nothing is written at home (which would stop the service at its next start).
TEST_F(MonitoringRaceTest, FiguresOfAnOrganisationInNoCountryAreRefused) {
  const Principal admin = Person(kRoleAdmin, "admin@am");
  v1::SetDataValuesRequest entry = Entry("202601", 1);
  entry.set_org_unit("organizations/nowhere");
  auto refused = records_->entry.SetValues(records::Request(admin), entry);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_THAT(refused.status().message(), HasSubstr("in no territory"));
  auto imported = records_->imports.Start(
      records::Request(admin), v1::ImportDataValuesRequest(), "text/csv",
      "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n"
      "indicators/served,202601,organizations/nowhere,,,5\n"
      "indicators/served,202601,organizations/keystone,,,5\n");
  ASSERT_TRUE(imported.ok()) << imported.status();
  ASSERT_TRUE(imported->done()) << "a small import ends before the answer";
  const v1::ImportSummary s = SummaryOf(*imported);
  EXPECT_EQ(s.imported(), 1) << s.DebugString();
  EXPECT_EQ(s.ignored(), 1) << s.DebugString();
  ASSERT_EQ(s.conflicts_size(), 1);
  EXPECT_THAT(s.conflicts(0).reason(), HasSubstr("in no country"));
  EXPECT_TRUE(records_->submissions.Check().ok()) << "home holds no submission";
}

}  // namespace
}  // namespace civitas::monitoring
