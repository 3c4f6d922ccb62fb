#include "libs/store/redis_document_store.h"
#include "libs/testing/redis_server.h"
#include "tests/shared/document_store_contract.h"
#include "tests/shared/shared_redis_environment.h"

namespace civitas::testing {
namespace {

// One redis-server for the binary; each test gets its own key prefix.
RedisServer* server = nullptr;
RedisClient* client = nullptr;

const auto* const kEnv =
    ::testing::AddGlobalTestEnvironment(new SharedRedisEnvironment(&server, &client));

std::string NextPrefix() {
  static std::atomic<int> n{0};
  return "civitas:{test" + std::to_string(++n) + "}";
}

// The store as the registry runs it: reads and writes each through a pipeliner, which it owns
// here so that the contract's factory can hand out one object.
class PipelinedRedisDocumentStore final : public DocumentStore {
 public:
  explicit PipelinedRedisDocumentStore(RedisClient* c)
      : reads_(c, Retry::kOnConnectionError),
        writes_(c, Retry::kNever),
        store_(c, {NextPrefix()}, &reads_, &writes_) {}

  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override { return store_.Write(plan); }
  void WriteAsync(WritePlan plan, WriteDone done) override {
    store_.WriteAsync(std::move(plan), std::move(done));
  }
  std::vector<absl::StatusOr<WriteOutcome>> WriteAll(std::vector<WritePlan> plans) override {
    return store_.WriteAll(std::move(plans));
  }
  absl::StatusOr<std::optional<StoredDocument>> Get(const std::string& collection,
                                                    const std::string& id) override {
    return store_.Get(collection, id);
  }
  void GetAsync(const std::string& collection, const std::string& id, GetDone done) override {
    store_.GetAsync(collection, id, std::move(done));
  }
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetMany(
      const std::string& collection, const std::vector<std::string>& ids) override {
    return store_.GetMany(collection, ids);
  }
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetAcross(
      const std::vector<DocumentKey>& keys) override {
    return store_.GetAcross(keys);
  }
  absl::StatusOr<ScanPage> Scan(const ScanRequest& request) override {
    return store_.Scan(request);
  }
  absl::StatusOr<std::optional<std::string>> FindUnique(const std::string& collection,
                                                        const std::string& value) override {
    return store_.FindUnique(collection, value);
  }
  absl::StatusOr<std::vector<std::optional<std::string>>> FindUniques(
      const std::string& collection, const std::vector<std::string>& values) override {
    return store_.FindUniques(collection, values);
  }
  absl::StatusOr<int64_t> GetCounter(const std::string& name) override {
    return store_.GetCounter(name);
  }
  absl::StatusOr<std::vector<Totals>> GetTotals(const std::vector<std::string>& keys) override {
    return store_.GetTotals(keys);
  }
  absl::StatusOr<int64_t> ChangeCursor() override { return store_.ChangeCursor(); }
  absl::StatusOr<ChangePage> Changes(const ChangeScan& scan) override {
    return store_.Changes(scan);
  }
  std::string EventsKey() const { return store_.EventsKey(); }

 private:
  RedisPipeliner reads_;
  RedisPipeliner writes_;
  RedisDocumentStore store_;
};

// The outbox stream at `key`, decoded.
std::vector<OutboxEvent> ReadOutbox(const std::string& key) {
  std::vector<OutboxEvent> events;
  auto entries = client->Command({"XRANGE", key, "-", "+"});
  EXPECT_TRUE(entries.ok()) << entries.status();
  if (!entries.ok()) return events;
  for (const RedisReply& entry : entries->elements) {
    StreamFields fields;
    const auto& flat = entry.elements[1].elements;
    for (size_t i = 0; i + 1 < flat.size(); i += 2)
      fields.emplace_back(flat[i].str, flat[i + 1].str);
    auto event = OutboxEventFromStreamFields(fields);
    EXPECT_TRUE(event.ok()) << event.status();
    if (event.ok()) events.push_back(std::move(event).value());
  }
  return events;
}

INSTANTIATE_TEST_SUITE_P(Redis, DocumentStoreContractTest,
                         ::testing::Values([]() -> StoreUnderTest {
                           auto store = std::make_unique<RedisDocumentStore>(
                               client, RedisDocumentStoreOptions{NextPrefix()});
                           const std::string key = store->EventsKey();
                           return {std::move(store), [key] { return ReadOutbox(key); }};
                         }));
INSTANTIATE_TEST_SUITE_P(RedisPipelined, DocumentStoreContractTest,
                         ::testing::Values([]() -> StoreUnderTest {
                           auto store = std::make_unique<PipelinedRedisDocumentStore>(client);
                           const std::string key = store->EventsKey();
                           return {std::move(store), [key] { return ReadOutbox(key); }};
                         }));

WritePlan CreatePlan(const std::string& id) {
  WritePlan p;
  DocumentChange& doc = p.documents.emplace_back();
  doc.collection = "things";
  doc.id = id;
  doc.payload = "payload-" + id;
  doc.event_type = "thing.created";
  doc.resource_name = "things/" + id;
  p.actor = "users/alice";
  return p;
}

// After Redis loses its script cache (a restart, SCRIPT FLUSH) the pipelined write's EVALSHA is
// refused with NOSCRIPT, which means it did not run; the store runs it again through EVAL.
TEST(RedisDocumentStoreTest, PipelinedWriteSurvivesAFlushedScriptCache) {
  PipelinedRedisDocumentStore store(client);
  absl::Notification first_done;
  store.WriteAsync(CreatePlan("a"), [&](absl::StatusOr<WriteOutcome> out) {
    EXPECT_TRUE(out.ok()) << out.status();
    first_done.Notify();
  });
  ASSERT_TRUE(first_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(client->Command({"SCRIPT", "FLUSH"}).ok());
  absl::Notification second_done;
  absl::StatusOr<WriteOutcome> second;
  store.WriteAsync(CreatePlan("b"), [&](absl::StatusOr<WriteOutcome> out) {
    second = std::move(out);
    second_done.Notify();
  });
  ASSERT_TRUE(second_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->version, 1);
  auto doc = store.Get("things", "b");
  ASSERT_TRUE(doc.ok() && doc->has_value());
  EXPECT_EQ((*doc)->payload, "payload-b");
  // A caller that waits for its write goes through the same pipeliner, and the same fallback.
  ASSERT_TRUE(client->Command({"SCRIPT", "FLUSH"}).ok());
  absl::StatusOr<WriteOutcome> third = store.Write(CreatePlan("c"));
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->version, 1);
}

TEST(RedisDocumentStoreTest, WriteAppendsOutboxEventWithPayload) {
  RedisDocumentStore store(client, {NextPrefix()});
  ASSERT_TRUE(store.Write(CreatePlan("a")).ok());
  std::vector<OutboxEvent> events = ReadOutbox(store.EventsKey());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "thing.created");
  EXPECT_EQ(events[0].resource_name, "things/a");
  EXPECT_EQ(events[0].version, 1);
  EXPECT_EQ(events[0].actor, "users/alice");
  EXPECT_EQ(events[0].payload, "payload-a");
}

// A counter edited by hand beyond 2^53 cannot be computed on exactly by the script: refused,
// never rounded.
TEST(RedisDocumentStoreTest, CounterHoldingAnInexactValueIsRefused) {
  const std::string prefix = NextPrefix();
  RedisDocumentStore store(client, {prefix});
  ASSERT_TRUE(client->Command({"SET", prefix + ":ctr:big", "9007199254740993"}).ok());
  WritePlan p = CreatePlan("a");
  p.counters = {{"big", -1, 0, kMaxExactInteger}};
  auto out = store.Write(p);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(std::string(out.status().message()), ::testing::HasSubstr("big"));
  EXPECT_FALSE(store.Get("things", "a")->has_value());
  EXPECT_EQ(*store.GetCounter("big"), 9007199254740993);
}

// Totals are checked by incrementing them: a field that is not an integer refuses the plan as a
// total would (FAILED_PRECONDITION); an error of the server's (here a key of another type)
// stays an error, not a refusal of the figures. Either way the fields moved before it are put
// back and nothing else is written.
TEST(RedisDocumentStoreTest, TotalsThatCannotMoveLeaveEveryFieldAsItWas) {
  const std::string prefix = NextPrefix();
  RedisDocumentStore store(client, {prefix});
  WritePlan seed = CreatePlan("a");
  seed.totals = {{"t/1", "f", 5}};
  ASSERT_TRUE(store.Write(seed).ok());
  ASSERT_TRUE(client->Command({"HSET", prefix + ":tot:t/8", "f", "abc"}).ok());
  ASSERT_TRUE(client->Command({"SET", prefix + ":tot:t/9", "a string"}).ok());
  for (const char* blocked : {"t/8", "t/9"}) {
    WritePlan p = CreatePlan("b");
    p.totals = {{"t/1", "f", 1}, {"t/1", "g", 2}, {blocked, "f", 1}, {"t/2", "h", 3}};
    auto out = store.Write(p);
    ASSERT_FALSE(out.ok()) << blocked;
    if (std::string(blocked) == "t/8") {
      EXPECT_EQ(out.status().code(), absl::StatusCode::kFailedPrecondition) << out.status();
    } else {
      EXPECT_NE(out.status().code(), absl::StatusCode::kFailedPrecondition) << out.status();
      EXPECT_THAT(std::string(out.status().message()), ::testing::HasSubstr("WRONGTYPE"));
    }
    EXPECT_EQ((*store.GetTotals({"t/1"}))[0], (Totals{{"f", 5}})) << blocked;
    EXPECT_TRUE((*store.GetTotals({"t/2"}))[0].empty()) << blocked;
    EXPECT_FALSE(store.Get("things", "b")->has_value()) << blocked;
  }
  auto len = client->Command({"XLEN", store.EventsKey()});
  EXPECT_EQ(len->integer, 1) << "the seed's event only";
}

// A field edited by hand beyond 2^53, where the script's doubles are no longer exact, is added in
// Redis's int64 arithmetic: a plan that brings it back inside lands exactly; one that leaves it
// beyond, or would overflow int64, is refused and every field stays as it was.
TEST(RedisDocumentStoreTest, TotalsBeyondTheExactRangeAreAddedExactly) {
  const std::string prefix = NextPrefix();
  RedisDocumentStore store(client, {prefix});
  ASSERT_TRUE(client
                  ->Command({"HSET", prefix + ":tot:t/w", "wide", "9007199254740995", "top",
                             "9223372036854775800", "f", "4"})
                  .ok());
  ASSERT_TRUE(client->Command({"HSET", prefix + ":tot:t/u", "huge", "18446744073709551615"}).ok());
  const Totals before = (*store.GetTotals({"t/w"}))[0];
  int n = 0;
  // Each refused: one left beyond the bound, one overflowing int64, one of them after another
  // that was added first (and is taken back out), one beyond int64 already (not an integer).
  for (const std::vector<TotalChange>& beyond :
       std::vector<std::vector<TotalChange>>{{{"t/w", "wide", -1}},
                                             {{"t/w", "top", 100}},
                                             {{"t/w", "wide", -4}, {"t/w", "top", 100}},
                                             {{"t/w", "wide", -4}, {"t/u", "huge", 1}}}) {
    WritePlan p = CreatePlan(absl::StrCat("refused-", ++n));
    p.totals = {{"t/w", "f", 1}};
    p.totals.insert(p.totals.end(), beyond.begin(), beyond.end());
    p.totals.push_back({"t/x", "g", 1});
    auto out = store.Write(p);
    EXPECT_EQ(out.status().code(), absl::StatusCode::kFailedPrecondition) << n << out.status();
    EXPECT_EQ((*store.GetTotals({"t/w"}))[0], before) << n;
    EXPECT_TRUE((*store.GetTotals({"t/x"}))[0].empty()) << n;
    auto huge = client->Command({"HGET", prefix + ":tot:t/u", "huge"});
    ASSERT_TRUE(huge.ok());
    EXPECT_EQ(huge->str, "18446744073709551615") << n;
  }
  WritePlan back = CreatePlan("back");
  back.totals = {{"t/w", "f", -4}, {"t/w", "wide", -4}, {"t/x", "g", 1}};
  ASSERT_TRUE(store.Write(back).ok());
  EXPECT_EQ((*store.GetTotals({"t/w"}))[0],
            (Totals{{"wide", 9007199254740991}, {"top", 9223372036854775800}}));
  EXPECT_EQ((*store.GetTotals({"t/x"}))[0], (Totals{{"g", 1}}));
}

TEST(RedisDocumentStoreTest, RefusedWriteAppendsNoEvent) {
  RedisDocumentStore store(client, {NextPrefix()});
  ASSERT_TRUE(store.Write(CreatePlan("a")).ok());
  ASSERT_FALSE(store.Write(CreatePlan("a")).ok());
  auto len = client->Command({"XLEN", store.EventsKey()});
  EXPECT_EQ(len->integer, 1);
}

TEST(RedisDocumentStoreTest, IdempotencyRecordExpires) {
  const std::string prefix = NextPrefix();
  RedisDocumentStore store(client, {prefix, absl::Seconds(100)});
  WritePlan p = CreatePlan("a");
  p.idempotency_key = "k";
  ASSERT_TRUE(store.Write(p).ok());
  // This test's own record (other tests' records live under other prefixes).
  auto ttl = client->Command({"TTL", prefix + ":idem:things:k"});
  ASSERT_TRUE(ttl.ok()) << ttl.status();
  EXPECT_GT(ttl->integer, 0);
  EXPECT_LE(ttl->integer, 100);
}

TEST(RedisDocumentStoreTest, AcknowledgedWriteSurvivesSigkill) {
  RedisDocumentStore store(client, {NextPrefix()});
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(store.Write(CreatePlan("d" + std::to_string(i))).ok());
  }
  ASSERT_TRUE(server->KillAndRestart().ok());
  // The client's probe finds Redis answering again (at once, if it never saw it gone).
  ASSERT_TRUE(WaitFor([] { return client->available(); }, absl::Seconds(10)));
  for (int i = 0; i < 50; ++i) {
    auto doc = store.Get("things", "d" + std::to_string(i));
    ASSERT_TRUE(doc.ok()) << doc.status();
    EXPECT_TRUE(doc->has_value()) << i;
  }
}

}  // namespace
}  // namespace civitas::testing
