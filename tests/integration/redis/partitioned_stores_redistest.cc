// Partitions on real Redis servers: a service's home Redis holds the home keyspace and the
// partitions `partition_redis` does not place; a placed partition's keys are on its own server
// only, each partition with its own sequence and outbox; a plan across keyspaces writes nothing
// anywhere.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/metric_family.h>

#include <atomic>

#include "libs/common/json_log.h"
#include "libs/metrics/metrics_exposer.h"
#include "libs/server/service_settings.h"
#include "libs/server/service_storage.h"
#include "libs/store/partition_copy.h"
#include "libs/testing/redis_server.h"

namespace civitas::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// Two redis-servers for the binary; each test writes under a key prefix of its own.
class PartitionedStoresRedisTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto home = RedisServer::Start();
    auto away = RedisServer::Start();
    ASSERT_TRUE(home.ok() && away.ok());
    home_ = home->release();
    away_ = away->release();
    // Once: stopping an exposer waits for its server's poll (2 s).
    auto metrics = MetricsExposer::Start("127.0.0.1:0");
    ASSERT_TRUE(metrics.ok());
    metrics_ = metrics->release();
  }
  static void TearDownTestSuite() {
    delete home_;
    delete away_;
    delete metrics_;
  }
  void SetUp() override {
    static std::atomic<int> n{0};
    service_ = "m" + std::to_string(++n);
  }

  absl::StatusOr<Settings> SettingsWith(const std::string& partition_redis,
                                        const std::string& outbox_min_age_seconds = "86400") {
    SettingsSchema schema = ServiceSettingsSchema("monitoring");
    DeclarePartitionSettings(&schema);
    return Settings::FromMap(schema, {{"redis_address", home_->address()},
                                      {"redis_key_prefix", "civitas:{" + service_ + "}"},
                                      {"development_mode", "true"},
                                      {"write_threads", "2"},
                                      {"outbox_min_age_seconds", outbox_min_age_seconds},
                                      {"outbox_trim_interval_seconds", "1"},
                                      {"partition_redis", partition_redis}});
  }

  // The keys of this test on a server, sorted.
  std::vector<std::string> Keys(RedisServer& server) const {
    RedisClient client(server.options());
    auto reply = client.Command({"KEYS", "civitas:{" + service_ + "*"});
    std::vector<std::string> out;
    if (!reply.ok()) return out;
    for (const RedisReply& r : reply->elements) out.push_back(r.str);
    std::sort(out.begin(), out.end());
    return out;
  }

  static WritePlan Create(std::vector<std::pair<std::string, std::string>> documents) {
    WritePlan plan;
    for (auto& [collection, id] : documents) {
      plan.documents.push_back({.kind = DocumentChange::Kind::kCreate,
                                .collection = collection,
                                .id = id,
                                .payload = "p",
                                .event_type = collection + ".created",
                                .resource_name = collection + "/" + id});
    }
    plan.totals.push_back({"indicators/i/territories/x/2025", "202501|||s", 7});
    return plan;
  }

  static inline RedisServer* home_ = nullptr;
  static inline RedisServer* away_ = nullptr;
  std::string service_;
  static inline MetricsExposer* metrics_ = nullptr;
  JsonLogger logger_{"test"};
};

TEST_F(PartitionedStoresRedisTest, APlacedPartitionIsOnItsServerOnlyAndTheOthersAtHome) {
  auto settings = SettingsWith("md=" + away_->address());
  ASSERT_TRUE(settings.ok()) << settings.status();
  auto storage = ServiceStorage::Open(*settings, 2, metrics_, &logger_);
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto stores = (*storage)->OpenPartitions(*settings, {"submissions"});
  ASSERT_TRUE(stores.ok()) << stores.status();

  ASSERT_TRUE((*stores)->Write(Create({{"submissions", "md-s1"}})).ok());
  ASSERT_TRUE((*stores)->Write(Create({{"submissions", "am-s2"}})).ok());
  WritePlan home_plan = Create({{"dataSets", "d1"}});
  home_plan.totals.clear();
  ASSERT_TRUE((*stores)->Write(home_plan).ok());

  const std::string md = "civitas:{" + service_ + "@md}:";
  EXPECT_THAT(Keys(*away_),
              UnorderedElementsAre(md + "changelog:submissions", md + "doc:submissions:md-s1",
                                   md + "events", md + "idx:submissions:_all", md + "seq",
                                   md + "tot:indicators/i/territories/x/2025"));
  const std::vector<std::string> home = Keys(*home_);
  for (const std::string& key : home) {
    EXPECT_THAT(key, ::testing::Not(HasSubstr("@md"))) << "md is placed on its own server";
  }
  const std::string am = "civitas:{" + service_ + "@am}:";
  const std::string own = "civitas:{" + service_ + "}:";
  EXPECT_THAT(home,
              ::testing::IsSupersetOf({am + "doc:submissions:am-s2", am + "seq", am + "events",
                                       own + "doc:dataSets:d1", own + "doc:_partitions:am",
                                       own + "doc:_partitions:md"}));
  EXPECT_THAT(*(*stores)->List(), ElementsAre("am", "md"));

  // Read back through the partitions, each from its own server.
  auto md_store = (*stores)->OfRecord("submissions", "md-s1");
  ASSERT_TRUE(md_store.ok());
  auto doc = (*md_store)->Get("submissions", "md-s1");
  ASSERT_TRUE(doc.ok() && doc->has_value());
  EXPECT_EQ((*doc)->payload, "p");
  auto totals = (*md_store)->GetTotals({"indicators/i/territories/x/2025"});
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(totals->at(0).at("202501|||s"), 7);
  EXPECT_EQ(*(*md_store)->ChangeCursor(), 1) << "md's own sequence";
}

TEST_F(PartitionedStoresRedisTest, APlanAcrossKeyspacesWritesNothingAnywhere) {
  auto settings = SettingsWith("md=" + away_->address());
  ASSERT_TRUE(settings.ok()) << settings.status();
  auto storage = ServiceStorage::Open(*settings, 2, metrics_, &logger_);
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto stores = (*storage)->OpenPartitions(*settings, {"submissions"});
  ASSERT_TRUE(stores.ok());
  for (const auto& documents : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {{"submissions", "md-s1"}, {"submissions", "am-s2"}},
           {{"submissions", "md-s1"}, {"dataSets", "d1"}},
           {{"submissions", "s3"}, {"submissions", "am-s4"}}}) {
    auto written = (*stores)->Write(Create(documents));
    EXPECT_EQ(written.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_THAT(Keys(*away_), ElementsAre());
  EXPECT_THAT(Keys(*home_), ElementsAre());
}

TEST_F(PartitionedStoresRedisTest, AnArchivedDataSetRefusesEntriesOnEveryServer) {
  auto settings = SettingsWith("md=" + away_->address());
  ASSERT_TRUE(settings.ok()) << settings.status();
  auto storage = ServiceStorage::Open(*settings, 2, metrics_, &logger_);
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto stores = (*storage)->OpenPartitions(*settings, {"submissions"}, {"dataSets"});
  ASSERT_TRUE(stores.ok());
  auto data_set = [&](const std::string& state, int64_t version) {
    WritePlan plan;
    plan.documents.push_back(
        {.kind = version == 0 ? DocumentChange::Kind::kCreate : DocumentChange::Kind::kUpdate,
         .collection = "dataSets",
         .id = "d1",
         .expected_version = version,
         .payload = "form",
         .state = state});
    return (*stores)->home()->Write(plan);
  };
  auto entry = [&](const std::string& id) {
    WritePlan plan = Create({{"submissions", id}});
    plan.references.push_back({{"dataSets", "d1"}, {"ACTIVE"}});
    return (*stores)->Write(plan);
  };
  ASSERT_TRUE(data_set("ACTIVE", 0).ok());
  ASSERT_TRUE(entry("md-s1").ok());
  ASSERT_TRUE(entry("am-s1").ok());
  ASSERT_TRUE(data_set("ARCHIVED", 1).ok());
  for (const char* id : {"md-s2", "am-s2"}) {
    auto refused = entry(id);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << id;
    EXPECT_THAT(refused.status().message(), HasSubstr("dataSets/d1 is ARCHIVED")) << id;
  }
  const std::string md = "civitas:{" + service_ + "@md}:";
  EXPECT_THAT(Keys(*away_), ::testing::Contains(md + "doc:dataSets:d1")) << "md's copy, on md's";
  EXPECT_THAT(Keys(*away_), ::testing::Not(::testing::Contains(md + "doc:submissions:md-s2")));
  ASSERT_TRUE(data_set("ACTIVE", 2).ok());
  EXPECT_TRUE(entry("md-s3").ok());
}

// Round trips the metrics counted on the Redis at `address` (all commands, all outcomes).
double RoundTripsOn(prometheus::Registry& registry, const std::string& address) {
  double total = 0;
  for (const prometheus::MetricFamily& family : registry.Collect()) {
    if (family.name != "civitas_redis_calls_total") continue;
    for (const prometheus::ClientMetric& metric : family.metric) {
      for (const prometheus::ClientMetric::Label& label : metric.label) {
        if (label.name == "redis" && label.value == address) total += metric.counter.value;
      }
    }
  }
  return total;
}

TEST_F(PartitionedStoresRedisTest, EachRedisServersRoundTripsAreCountedApart) {
  auto settings = SettingsWith("md=" + away_->address());
  ASSERT_TRUE(settings.ok()) << settings.status();
  auto storage = ServiceStorage::Open(*settings, 2, metrics_, &logger_);
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto stores = (*storage)->OpenPartitions(*settings, {"submissions"});
  ASSERT_TRUE(stores.ok());
  ASSERT_TRUE((*stores)->Write(Create({{"submissions", "am-s0"}})).ok());  // opens am at home

  const double away_before = RoundTripsOn(metrics_->registry(), away_->address());
  const double home_before = RoundTripsOn(metrics_->registry(), home_->address());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE((*stores)->Write(Create({{"submissions", "md-s" + std::to_string(i)}})).ok());
  }
  // Five writes to md at least (its partition opened too), each a round trip of md's server.
  EXPECT_GE(RoundTripsOn(metrics_->registry(), away_->address()) - away_before, 5);
  for (int i = 1; i < 4; ++i) {
    ASSERT_TRUE((*stores)->Write(Create({{"submissions", "am-s" + std::to_string(i)}})).ok());
  }
  EXPECT_GE(RoundTripsOn(metrics_->registry(), home_->address()) - home_before, 3);
}

TEST_F(PartitionedStoresRedisTest, ACountryCopiedToAServerOfItsOwnReadsThereAsItDidAtHome) {
  auto at_home = SettingsWith("");
  ASSERT_TRUE(at_home.ok()) << at_home.status();
  {
    auto storage = ServiceStorage::Open(*at_home, 2, metrics_, &logger_);
    ASSERT_TRUE(storage.ok()) << storage.status();
    auto stores = (*storage)->OpenPartitions(*at_home, {"submissions"});
    ASSERT_TRUE(stores.ok());
    for (int i = 1; i <= 3; ++i) {
      ASSERT_TRUE((*stores)->Write(Create({{"submissions", "md-s" + std::to_string(i)}})).ok());
    }
    ASSERT_TRUE((*stores)->Write(Create({{"submissions", "am-s1"}})).ok());
  }
  const std::string md = "civitas:{" + service_ + "@md}";
  RedisClient home(home_->options());
  RedisClient away(away_->options());
  // Keys enough for several SCAN pages, and one expiring.
  std::vector<std::string> filler = {"MSET"};
  for (int i = 0; i < 1500; ++i) {
    filler.push_back(md + ":filler:" + std::to_string(i));
    filler.push_back("f");
  }
  ASSERT_TRUE(home.Command(filler).ok());
  ASSERT_TRUE(home.Command({"SET", md + ":expiring", "e", "PX", "600000"}).ok());

  // The same server named twice (or an empty source) deletes nothing, even with replace.
  auto same = CopyPartition(&home, &home, md, {.replace = true});
  EXPECT_EQ(same.status().code(), absl::StatusCode::kFailedPrecondition) << same.status();
  auto nothing = CopyPartition(&home, &away, "civitas:{" + service_ + "@zz}", {.replace = true});
  EXPECT_EQ(nothing.status().code(), absl::StatusCode::kFailedPrecondition) << nothing.status();

  auto copied = CopyPartition(&home, &away, md, {.keys_per_round_trip = 7});
  ASSERT_TRUE(copied.ok()) << copied.status();
  EXPECT_EQ(copied->sequence, 3);
  auto ttl = away.Command({"PTTL", md + ":expiring"});
  ASSERT_TRUE(ttl.ok());
  EXPECT_GT(ttl->integer, 0) << "its expiry came along";
  EXPECT_LE(ttl->integer, 600000);
  std::vector<std::string> md_keys;
  for (const std::string& key : Keys(*home_)) {
    if (key.starts_with(md + ":")) md_keys.push_back(key);
  }
  EXPECT_EQ(Keys(*away_), md_keys) << "md's keys, and only them";
  EXPECT_EQ(copied->keys, static_cast<int64_t>(md_keys.size()));

  // The service placing md on its own server reads there what it read at home, and goes on.
  auto placed = SettingsWith("md=" + away_->address());
  ASSERT_TRUE(placed.ok());
  auto storage = ServiceStorage::Open(*placed, 2, metrics_, &logger_);
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto stores = (*storage)->OpenPartitions(*placed, {"submissions"});
  ASSERT_TRUE(stores.ok());
  auto md_store = (*stores)->OfRecord("submissions", "md-s2");
  ASSERT_TRUE(md_store.ok());
  auto doc = (*md_store)->Get("submissions", "md-s2");
  ASSERT_TRUE(doc.ok() && doc->has_value());
  EXPECT_EQ((*doc)->payload, "p");
  auto totals = (*md_store)->GetTotals({"indicators/i/territories/x/2025"});
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(totals->at(0).at("202501|||s"), 21);
  EXPECT_EQ(*(*md_store)->ChangeCursor(), 3);
  ASSERT_TRUE((*stores)->Write(Create({{"submissions", "md-s4"}})).ok());
  EXPECT_EQ(*(*md_store)->ChangeCursor(), 4) << "md's sequence goes on from the copy's";
  // Its first creation again is refused: its unique claim and document came along.
  EXPECT_EQ((*stores)->Write(Create({{"submissions", "md-s1"}})).status().code(),
            absl::StatusCode::kAlreadyExists);

  // A second copy onto a target holding md is refused, unless it replaces what is there.
  auto again = CopyPartition(&home, &away, md, {});
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition) << again.status();
  auto replaced = CopyPartition(&home, &away, md, {.replace = true});
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_EQ(Keys(*away_), md_keys) << "md-s4, written on the target since, is gone";
}

// Writes a submission of md through `stores` after the first pipelined round trip it sees (the
// copy's first DUMPs).
class WriteDuringCopy final : public RedisObserver {
 public:
  void OnRoundTrip(absl::string_view command, absl::Duration, bool) override {
    if (command != "PIPELINE" || stores == nullptr || written) return;
    written = true;
    WritePlan plan;
    plan.documents.push_back({.kind = DocumentChange::Kind::kCreate,
                              .collection = "submissions",
                              .id = "md-late",
                              .payload = "p",
                              .event_type = "submissions.created",
                              .resource_name = "submissions/md-late"});
    ok = stores->Write(plan).ok();
  }
  PartitionedStores* stores = nullptr;
  bool written = false;
  bool ok = false;
};

TEST_F(PartitionedStoresRedisTest, ACopyDuringWhichThePartitionIsWrittenFails) {
  auto at_home = SettingsWith("");
  ASSERT_TRUE(at_home.ok()) << at_home.status();
  auto storage = ServiceStorage::Open(*at_home, 2, metrics_, &logger_);
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto stores = (*storage)->OpenPartitions(*at_home, {"submissions"});
  ASSERT_TRUE(stores.ok());
  ASSERT_TRUE((*stores)->Write(Create({{"submissions", "md-s1"}})).ok());
  WriteDuringCopy writer;
  writer.stores = stores->get();
  RedisClient home(home_->options(), &writer);
  RedisClient away(away_->options());
  auto copied = CopyPartition(&home, &away, "civitas:{" + service_ + "@md}", {});
  ASSERT_TRUE(writer.written && writer.ok);
  EXPECT_EQ(copied.status().code(), absl::StatusCode::kFailedPrecondition) << copied.status();
  EXPECT_THAT(copied.status().message(), HasSubstr("written during the copy"));
}

TEST_F(PartitionedStoresRedisTest, EveryPartitionsOutboxIsTrimmedAsHomesIs) {
  auto settings = SettingsWith("md=" + away_->address(), /*outbox_min_age_seconds=*/"0");
  ASSERT_TRUE(settings.ok()) << settings.status();
  auto storage = ServiceStorage::Open(*settings, 2, metrics_, &logger_);
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto stores = (*storage)->OpenPartitions(*settings, {"submissions"});
  ASSERT_TRUE(stores.ok());
  ASSERT_TRUE((*stores)->Write(Create({{"submissions", "md-s1"}})).ok());
  ASSERT_TRUE((*stores)->Write(Create({{"submissions", "am-s1"}})).ok());
  auto length = [this](RedisServer& server, const std::string& partition) -> int64_t {
    RedisClient client(server.options());
    auto reply = client.Command({"XLEN", "civitas:{" + service_ + "@" + partition + "}:events"});
    return reply.ok() ? reply->integer : -1;
  };
  EXPECT_EQ(length(*away_, "md"), 1);
  EXPECT_EQ(length(*home_, "am"), 1);
  // Nobody consumes them and they are older than 0 s: the next trims take them.
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while ((length(*away_, "md") != 0 || length(*home_, "am") != 0) && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(length(*away_, "md"), 0);
  EXPECT_EQ(length(*home_, "am"), 0);
}

TEST_F(PartitionedStoresRedisTest, AMalformedPlacementIsRefusedAtStart) {
  auto settings = SettingsWith("md=" + away_->address() + ",md=" + home_->address());
  ASSERT_TRUE(settings.ok()) << settings.status();
  auto storage = ServiceStorage::Open(*settings, 2, metrics_, &logger_);
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto stores = (*storage)->OpenPartitions(*settings, {"submissions"});
  ASSERT_FALSE(stores.ok());
  EXPECT_THAT(stores.status().message(), HasSubstr("`md` is placed twice"));
}

}  // namespace
}  // namespace civitas::testing
