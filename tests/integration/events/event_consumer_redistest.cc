// EventConsumer, ConsumerGroup and StreamRetention against a real redis-server: delivery,
// acknowledgement, retry after claim_idle, dead-lettering, lag, graceful stop, a lost group,
// SIGKILL of a consumer process mid-batch, and retention that never trims what a group still
// needs.
#include <signal.h>

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/events/consumer_group.h"
#include "libs/events/event_consumer.h"
#include "libs/events/stream_retention.h"
#include "libs/store/redis_document_store.h"
#include "libs/testing/redis_server.h"
#include "tests/integration/events/applied_events_projection.h"
#include "tests/shared/shared_redis_environment.h"

namespace civitas::testing {
namespace {

using events::ConsumerGroup;
using events::DeliveredEvent;
using events::EventConsumer;
using events::EventConsumerOptions;
using ::testing::HasSubstr;

RedisServer* server = nullptr;
RedisClient* client = nullptr;

const auto* const kEnv =
    ::testing::AddGlobalTestEnvironment(new SharedRedisEnvironment(&server, &client));

std::string NextPrefix() {
  static std::atomic<int> n{0};
  return absl::StrCat("civitas:{events", ++n, "}");
}

// Handler calls, as the consumer's thread made them.
class Recorder {
 public:
  void Record(const DeliveredEvent& e) {
    absl::MutexLock lock(&mu_);
    calls_.push_back(e);
  }
  std::vector<DeliveredEvent> calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }
  size_t size() {
    absl::MutexLock lock(&mu_);
    return calls_.size();
  }

 private:
  absl::Mutex mu_;
  std::vector<DeliveredEvent> calls_;
};

class CountingObserver final : public events::EventConsumerObserver {
 public:
  void OnHandled(const std::string&, const std::string&) override { ++handled; }
  void OnFailed(const std::string&, const std::string&) override { ++failed; }
  void OnDeadLettered(const std::string&, const std::string&) override { ++dead_lettered; }
  void OnLag(const std::string&, const std::string&, int64_t entries) override {
    lag = entries;
    int64_t seen = max_lag;
    while (entries > seen && !max_lag.compare_exchange_weak(seen, entries)) {
    }
  }
  std::atomic<int> handled{0};
  std::atomic<int> failed{0};
  std::atomic<int> dead_lettered{0};
  std::atomic<int64_t> lag{-1};
  std::atomic<int64_t> max_lag{-1};
};

class EventConsumerTest : public ::testing::Test {
 protected:
  EventConsumerTest() : prefix_(NextPrefix()), source_(client, {prefix_}) {}

  // Creates `n` documents `things/t<i>`; each write appends one event to the outbox stream.
  void Publish(int n, int first = 0) {
    for (int i = first; i < first + n; ++i) {
      WritePlan plan;
      DocumentChange doc;
      doc.collection = "things";
      doc.id = absl::StrCat("t", i);
      doc.payload = absl::StrCat("payload ", i);
      doc.event_type = "thing.created";
      doc.resource_name = absl::StrCat("things/t", i);
      plan.documents.push_back(doc);
      plan.correlation_id = absl::StrCat("req-", i);
      plan.actor = "users/tester";
      ASSERT_TRUE(source_.Write(plan).ok());
    }
  }

  std::string stream() const { return source_.EventsKey(); }

  EventConsumerOptions Options(const std::string& group, const std::string& consumer = "c1") {
    EventConsumerOptions o;
    o.stream = stream();
    o.group = group;
    o.consumer = consumer;
    o.block = absl::Milliseconds(50);
    o.claim_idle = absl::Milliseconds(100);
    o.lag_interval = absl::Milliseconds(20);
    return o;
  }

  int64_t Pending(const std::string& group) {
    auto r = client->Command({"XPENDING", stream(), group});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->elements[0].integer : -1;
  }

  int64_t Length(const std::string& key) {
    auto r = client->Command({"XLEN", key});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->integer : -1;
  }

  const std::string prefix_;
  RedisDocumentStore source_;
  JsonLogger logger_{"event_consumer_test", stderr, absl::Milliseconds(100), "fatal"};
};

TEST_F(EventConsumerTest, DeliversEveryEventInOrderOnceAndAcknowledgesIt) {
  Publish(25);
  Recorder seen;
  CountingObserver observer;
  auto options = Options("projection");
  options.batch_size = 7;
  EventConsumer consumer(
      client, options,
      [&](const DeliveredEvent& e) {
        seen.Record(e);
        return absl::OkStatus();
      },
      &logger_, &observer);
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return seen.size() >= 25; }, absl::Seconds(10)));
  ASSERT_TRUE(WaitFor([&] { return Pending("projection") == 0; }, absl::Seconds(5)));
  consumer.Stop();

  std::vector<DeliveredEvent> calls = seen.calls();
  ASSERT_EQ(calls.size(), 25u);
  std::set<std::string> ids;
  for (int i = 0; i < 25; ++i) {
    EXPECT_EQ(calls[i].event.resource_name, absl::StrCat("things/t", i));
    EXPECT_EQ(calls[i].event.type, "thing.created");
    EXPECT_EQ(calls[i].event.correlation_id, absl::StrCat("req-", i));
    EXPECT_EQ(calls[i].event.actor, "users/tester");
    EXPECT_EQ(calls[i].event.payload, absl::StrCat("payload ", i));
    EXPECT_EQ(calls[i].attempt, 1);
    ids.insert(calls[i].id);
  }
  EXPECT_EQ(ids.size(), 25u);
  EXPECT_EQ(observer.handled, 25);
  EXPECT_EQ(observer.failed, 0);
}

TEST_F(EventConsumerTest, EveryGroupGetsEveryEvent) {
  Publish(5);
  Recorder a, b;
  EventConsumer first(
      client, Options("first"),
      [&](const DeliveredEvent& e) {
        a.Record(e);
        return absl::OkStatus();
      },
      &logger_);
  EventConsumer second(
      client, Options("second"),
      [&](const DeliveredEvent& e) {
        b.Record(e);
        return absl::OkStatus();
      },
      &logger_);
  ASSERT_TRUE(first.Start().ok());
  ASSERT_TRUE(second.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return a.size() == 5 && b.size() == 5; }, absl::Seconds(10)));
}

TEST_F(EventConsumerTest, AFailedEventIsRetriedAfterClaimIdleWithItsAttemptNumber) {
  Publish(3);
  Recorder seen;
  CountingObserver observer;
  std::atomic<int> failures_left{2};
  EventConsumer consumer(
      client, Options("retry"),
      [&](const DeliveredEvent& e) {
        seen.Record(e);
        if (e.event.resource_name == "things/t1" && failures_left.fetch_sub(1) > 0) {
          return absl::UnavailableError("projection store down");
        }
        return absl::OkStatus();
      },
      &logger_, &observer);
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return observer.handled == 3; }, absl::Seconds(10)));
  ASSERT_TRUE(WaitFor([&] { return Pending("retry") == 0; }, absl::Seconds(5)));
  consumer.Stop();

  std::vector<int64_t> attempts_of_t1;
  for (const DeliveredEvent& e : seen.calls()) {
    if (e.event.resource_name == "things/t1") attempts_of_t1.push_back(e.attempt);
  }
  EXPECT_THAT(attempts_of_t1, ::testing::ElementsAre(1, 2, 3));
  EXPECT_EQ(observer.failed, 2);
  EXPECT_EQ(observer.dead_lettered, 0);
  EXPECT_EQ(Length(stream() + ":dead"), 0);
}

TEST_F(EventConsumerTest, AnEventThatKeepsFailingIsDeadLetteredWithTheReasonAndAcknowledged) {
  Publish(4);
  CountingObserver observer;
  Recorder seen;
  auto options = Options("poisoned");
  options.max_attempts = 3;
  EventConsumer consumer(
      client, options,
      [&](const DeliveredEvent& e) {
        seen.Record(e);
        if (e.event.resource_name == "things/t2") {
          return absl::FailedPreconditionError("organization unknown to the projection");
        }
        return absl::OkStatus();
      },
      &logger_, &observer);
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return observer.dead_lettered == 1; }, absl::Seconds(10)));
  ASSERT_TRUE(WaitFor([&] { return Pending("poisoned") == 0; }, absl::Seconds(5)));
  consumer.Stop();

  EXPECT_EQ(observer.handled, 3);
  EXPECT_EQ(observer.failed, 3);
  auto dead = client->Command({"XRANGE", stream() + ":dead", "-", "+"});
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->elements.size(), 1u);
  std::map<std::string, std::string> fields;
  const auto& kv = dead->elements[0].elements[1].elements;
  for (size_t i = 0; i + 1 < kv.size(); i += 2) fields[kv[i].str] = kv[i + 1].str;
  EXPECT_EQ(fields["dead_group"], "poisoned");
  EXPECT_EQ(fields["dead_attempts"], "3");
  EXPECT_THAT(fields["dead_reason"], HasSubstr("organization unknown to the projection"));
  EXPECT_EQ(fields["name"], "things/t2");
  EXPECT_EQ(fields["payload"], "payload 2");
  // The dead-lettered event's id is the one the handler saw.
  std::string t2_id;
  for (const DeliveredEvent& e : seen.calls()) {
    if (e.event.resource_name == "things/t2") t2_id = e.id;
  }
  EXPECT_EQ(fields["dead_source_id"], t2_id);
}

TEST_F(EventConsumerTest, AnEntryThatIsNoEventIsDeadLetteredAtOnceWithoutReachingTheHandler) {
  ASSERT_TRUE(client->Command({"XADD", stream(), "*", "type", "thing.created"}).ok());
  Publish(1);
  CountingObserver observer;
  Recorder seen;
  EventConsumer consumer(
      client, Options("strict"),
      [&](const DeliveredEvent& e) {
        seen.Record(e);
        return absl::OkStatus();
      },
      &logger_, &observer);
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return observer.handled == 1 && observer.dead_lettered == 1; },
                      absl::Seconds(10)));
  consumer.Stop();
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_EQ(Pending("strict"), 0);
  auto dead = client->Command({"XRANGE", stream() + ":dead", "-", "+"});
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->elements.size(), 1u);
  EXPECT_EQ(dead->elements[0].elements[1].elements[6].str, "dead_reason");
  EXPECT_EQ(dead->elements[0].elements[1].elements[7].str,
            "not an outbox event: outbox event has no field name");
}

TEST_F(EventConsumerTest, EntriesLeftPendingByAConsumerThatStoppedAreClaimedByAnother) {
  Publish(6);
  ConsumerGroup group(client, stream(), "takeover", stream() + ":dead");
  ASSERT_TRUE(group.Create("0").ok());
  // A consumer reads four entries and dies before acknowledging them.
  auto taken = group.ReadNew("gone", 4, absl::Milliseconds(10));
  ASSERT_TRUE(taken.ok());
  ASSERT_EQ(taken->size(), 4u);

  Recorder seen;
  EventConsumer consumer(
      client, Options("takeover", "survivor"),
      [&](const DeliveredEvent& e) {
        seen.Record(e);
        return absl::OkStatus();
      },
      &logger_);
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return seen.size() == 6; }, absl::Seconds(10)));
  ASSERT_TRUE(WaitFor([&] { return Pending("takeover") == 0; }, absl::Seconds(5)));
  consumer.Stop();
  int redelivered = 0;
  for (const DeliveredEvent& e : seen.calls()) {
    if (e.attempt == 2) ++redelivered;
  }
  EXPECT_EQ(redelivered, 4);
}

TEST_F(EventConsumerTest, LagCountsUndeliveredAndPendingEntries) {
  Publish(5);
  ConsumerGroup group(client, stream(), "lagging", stream() + ":dead");
  ASSERT_TRUE(group.Create("0").ok());
  auto lag = group.Lag();
  ASSERT_TRUE(lag.ok()) << lag.status();
  EXPECT_EQ(lag->undelivered, 5);
  EXPECT_EQ(lag->pending, 0);

  auto read = group.ReadNew("c", 2, absl::Milliseconds(10));
  ASSERT_TRUE(read.ok());
  lag = group.Lag();
  ASSERT_TRUE(lag.ok());
  EXPECT_EQ(lag->undelivered, 3);
  EXPECT_EQ(lag->pending, 2);

  ASSERT_TRUE(group.Ack({(*read)[0].id}).ok());
  lag = group.Lag();
  ASSERT_TRUE(lag.ok());
  EXPECT_EQ(lag->pending, 1);

  ConsumerGroup missing(client, stream(), "never-created", stream() + ":dead");
  EXPECT_TRUE(events::IsMissingGroup(missing.Lag().status())) << missing.Lag().status();
}

TEST_F(EventConsumerTest, TheLagGaugeFallsToZeroOnceEverythingIsAcknowledged) {
  Publish(10);
  CountingObserver observer;
  EventConsumer consumer(
      client, Options("gauge"), [&](const DeliveredEvent&) { return absl::OkStatus(); }, &logger_,
      &observer);
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return observer.lag == 0; }, absl::Seconds(10))) << observer.lag;
  EXPECT_EQ(observer.max_lag, 10) << "first measured before the first read";
}

TEST_F(EventConsumerTest, StopFinishesAndAcknowledgesTheBatchInHand) {
  Publish(40);
  Recorder seen;
  auto options = Options("graceful");
  options.batch_size = 10;
  EventConsumer consumer(
      client, options,
      [&](const DeliveredEvent& e) {
        seen.Record(e);
        absl::SleepFor(absl::Milliseconds(10));
        return absl::OkStatus();
      },
      &logger_);
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return seen.size() >= 3; }, absl::Seconds(10)));
  consumer.Stop();
  size_t handled = seen.size();
  EXPECT_LT(handled, 40u) << "stopped before the end of the stream";
  EXPECT_EQ(handled % 10, 0u) << "whole batches only";
  EXPECT_EQ(Pending("graceful"), 0) << "every delivered event was acknowledged";
}

TEST_F(EventConsumerTest, AGroupLostWithRedisDataIsCreatedAgain) {
  Publish(2);
  Recorder seen;
  EventConsumer consumer(
      client, Options("recreated"),
      [&](const DeliveredEvent& e) {
        seen.Record(e);
        return absl::OkStatus();
      },
      &logger_);
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return seen.size() == 2; }, absl::Seconds(10)));
  // The stream and its groups vanish (as after a restart without persistence).
  ASSERT_TRUE(client->Command({"DEL", stream()}).ok());
  Publish(3, /*first=*/2);
  ASSERT_TRUE(WaitFor([&] { return seen.size() == 5; }, absl::Seconds(10))) << seen.size();
  EXPECT_EQ(seen.calls().back().event.resource_name, "things/t4");
}

TEST_F(EventConsumerTest, OptionsAreCheckedByName) {
  auto handler = [](const DeliveredEvent&) { return absl::OkStatus(); };
  auto options = Options("checked");
  options.block = client->options().command_timeout;
  EventConsumer slow(client, options, handler, &logger_);
  absl::Status status = slow.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("block"));

  options = Options("checked");
  options.max_attempts = 0;
  EventConsumer eager(client, options, handler, &logger_);
  status = eager.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("max_attempts"));
}

// The consumer process is killed with SIGKILL in the middle of a batch (some events applied, not
// yet acknowledged). A second consumer then claims what it left: every event is applied, none
// twice.
TEST_F(EventConsumerTest, SigkillOfTheConsumerMidBatchLosesNoEventAndAppliesNoneTwice) {
  constexpr int kEvents = 200;
  constexpr int kBatch = 16;
  Publish(kEvents);
  const std::string projection_prefix = prefix_ + ":projection";
  RedisDocumentStore projection(client, {projection_prefix});
  auto applied = [&] {
    auto n = projection.GetCounter("applied");
    return n.ok() ? *n : -1;
  };

  auto probe =
      Subprocess::Start({CIVITAS_EVENT_CONSUMER_PROBE, server->address(), stream(), "projection",
                         "doomed", projection_prefix, absl::StrCat(kBatch), "5"});
  ASSERT_TRUE(probe.ok()) << probe.status();
  // Kill inside a batch: all entries are in the stream before the probe starts, so each read
  // returns exactly kBatch and batches end at multiples of kBatch.
  ASSERT_TRUE(WaitFor(
      [&] {
        int64_t n = applied();
        return n >= 2 * kBatch && n % kBatch >= 3 && n % kBatch <= kBatch - 4;
      },
      absl::Seconds(30)));
  probe->Stop(SIGKILL);
  const int64_t applied_at_kill = applied();
  ASSERT_LT(applied_at_kill, kEvents);
  ASSERT_GT(Pending("projection"), 0) << "killed between batches";

  std::atomic<int> replayed{0};
  std::atomic<int> redelivered{0};
  auto options = Options("projection", "successor");
  options.batch_size = kBatch;
  EventConsumer successor(
      client, options,
      [&](const DeliveredEvent& e) -> absl::Status {
        if (e.attempt > 1) ++redelivered;
        auto was_applied = ApplyOnce(projection, e);
        if (!was_applied.ok()) return was_applied.status();
        if (*was_applied) ++replayed;
        return absl::OkStatus();
      },
      &logger_);
  ASSERT_TRUE(successor.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return Pending("projection") == 0 && applied() == kEvents; },
                      absl::Seconds(30)))
      << applied();
  successor.Stop();

  EXPECT_EQ(applied(), kEvents) << "an event was lost or applied twice";
  EXPECT_GT(replayed, 0) << "the killed consumer's applied but unacknowledged events came again";
  EXPECT_GE(redelivered, replayed.load());
  ScanRequest all_applied;
  all_applied.collection = "applied";
  all_applied.limit = 1000;
  auto docs = projection.Scan(all_applied);
  ASSERT_TRUE(docs.ok()) << docs.status();
  ASSERT_EQ(docs->documents.size(), static_cast<size_t>(kEvents));
  std::set<std::string> resources;
  for (const StoredDocument& d : docs->documents) {
    EXPECT_EQ(d.version, 1) << d.id;
    resources.insert(d.payload);
  }
  EXPECT_EQ(resources.size(), static_cast<size_t>(kEvents)) << "one document per event";
}

TEST_F(EventConsumerTest, RetentionTrimsOnlyWhatEveryGroupAcknowledged) {
  Publish(300);
  ConsumerGroup fast(client, stream(), "fast", stream() + ":dead");
  ConsumerGroup slow(client, stream(), "slow", stream() + ":dead");
  ASSERT_TRUE(fast.Create("0").ok());
  ASSERT_TRUE(slow.Create("0").ok());
  auto all = fast.ReadNew("c", 300, absl::Milliseconds(10));
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 300u);
  std::vector<std::string> ids;
  for (const auto& e : *all) ids.push_back(e.id);
  ASSERT_TRUE(fast.Ack(ids).ok());
  // The slow group has 250 delivered and acknowledged except one pending at index 200.
  auto slow_read = slow.ReadNew("c", 250, absl::Milliseconds(10));
  ASSERT_TRUE(slow_read.ok());
  std::vector<std::string> slow_ids;
  for (size_t i = 0; i < slow_read->size(); ++i) {
    if (i != 200) slow_ids.push_back((*slow_read)[i].id);
  }
  ASSERT_TRUE(slow.Ack(slow_ids).ok());

  events::StreamRetention retention(client, {.stream = stream(), .min_age = absl::ZeroDuration()},
                                    &logger_);
  auto trimmed = retention.TrimOnce();
  ASSERT_TRUE(trimmed.ok()) << trimmed.status();
  EXPECT_EQ(trimmed->threshold, ids[200]);
  // Everything from the slow group's pending entry on is still there; MINID ~ may keep more.
  auto kept = client->Command({"XRANGE", stream(), ids[200], "+"});
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->elements.size(), 100u);
  EXPECT_EQ(Length(stream()), 300 - trimmed->removed);
  EXPECT_LE(trimmed->removed, 200);

  // Once the slow group acknowledges everything and min_age allows it, whole nodes go.
  auto rest = slow.ReadNew("c", 100, absl::Milliseconds(10));
  ASSERT_TRUE(rest.ok());
  std::vector<std::string> rest_ids = {(*slow_read)[200].id};
  for (const auto& e : *rest) rest_ids.push_back(e.id);
  ASSERT_TRUE(slow.Ack(rest_ids).ok());
  trimmed = retention.TrimOnce();
  ASSERT_TRUE(trimmed.ok());
  EXPECT_GT(trimmed->removed, 0);
  EXPECT_LT(Length(stream()), 300);

  // A minimum age keeps recent events even when acknowledged.
  Publish(5, /*first=*/300);
  events::StreamRetention keep_a_day(client, {.stream = stream(), .min_age = absl::Hours(24)},
                                     &logger_);
  int64_t before = Length(stream());
  trimmed = keep_a_day.TrimOnce();
  ASSERT_TRUE(trimmed.ok());
  EXPECT_EQ(trimmed->removed, 0);
  EXPECT_EQ(Length(stream()), before);
}

TEST_F(EventConsumerTest, RetentionKeepsEverythingAGroupHasNotBeenDelivered) {
  Publish(300);
  ConsumerGroup idle(client, stream(), "idle", stream() + ":dead");
  ASSERT_TRUE(idle.Create("0").ok());
  events::StreamRetention retention(client, {.stream = stream(), .min_age = absl::ZeroDuration()},
                                    &logger_);
  auto trimmed = retention.TrimOnce();
  ASSERT_TRUE(trimmed.ok()) << trimmed.status();
  EXPECT_EQ(trimmed->removed, 0);
  EXPECT_EQ(Length(stream()), 300);
}

TEST_F(EventConsumerTest, RetentionRunsEveryIntervalUntilStopped) {
  Publish(300);
  ConsumerGroup done(client, stream(), "done", stream() + ":dead");
  ASSERT_TRUE(done.Create("0").ok());
  auto all = done.ReadNew("c", 300, absl::Milliseconds(10));
  ASSERT_TRUE(all.ok());
  std::vector<std::string> ids;
  for (const auto& e : *all) ids.push_back(e.id);
  ASSERT_TRUE(done.Ack(ids).ok());

  events::StreamRetention retention(
      client,
      {.stream = stream(), .min_age = absl::ZeroDuration(), .interval = absl::Milliseconds(20)},
      &logger_);
  retention.Start();
  EXPECT_TRUE(WaitFor([&] { return Length(stream()) < 300; }, absl::Seconds(10)));
  retention.Stop();
}

}  // namespace
}  // namespace civitas::testing
