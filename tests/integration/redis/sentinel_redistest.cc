// The client through Redis Sentinel against real servers on loopback: a primary, a replica and
// three sentinels. Planned failovers (SENTINEL FAILOVER) keep these tests quick and exact; the
// SIGKILL failovers under load are the chaos suite's (tests/chaos/sentinel_failover.py).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/redis/redis_client.h"
#include "libs/redis/redis_pipeliner.h"
#include "libs/testing/redis_sentinel.h"
#include "libs/testing/redis_server.h"

namespace civitas::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kMaster[] = "civitas";

class SentinelTest : public ::testing::Test {
 protected:
  // The primary refuses writes while no replica has acknowledged it for a second; a replica
  // syncs at once (not after the default 5 s of waiting for others to share the transfer).
  void SetUp() override {
    const std::vector<std::string> replication = {
        "--min-replicas-to-write",    "1", "--min-replicas-max-lag",     "1",
        "--repl-ping-replica-period", "1", "--repl-diskless-sync-delay", "0"};
    auto primary = RedisServer::Start(replication);
    ASSERT_TRUE(primary.ok()) << primary.status();
    primary_ = *std::move(primary);
    std::vector<std::string> as_replica = {"--replicaof", "127.0.0.1",
                                           absl::StrCat(primary_->port())};
    as_replica.insert(as_replica.end(), replication.begin(), replication.end());
    auto replica = RedisServer::Start(as_replica);
    ASSERT_TRUE(replica.ok()) << replica.status();
    replica_ = *std::move(replica);
    ASSERT_TRUE(WaitFor([&] { return ReplicaInSync(); }, absl::Seconds(10)));
    // And the primary streams writes to it: after a diskless sync, only from the replica's first
    // acknowledgement on (within a second).
    RedisOptions direct = primary_->options();
    direct.probe_interval = absl::ZeroDuration();
    RedisClient to_primary(direct);
    ASSERT_TRUE(WaitFor(
        [&] {
          auto replies = to_primary.Pipeline({{"SET", "ready", "1"}, {"WAIT", "1", "100"}});
          // WAIT counts replicas up to this connection's last write: the SET must be one.
          return replies.ok() && !(*replies)[0].is_error() && (*replies)[1].integer == 1;
        },
        absl::Seconds(10)));
    for (int i = 0; i < 3; ++i) {
      auto sentinel = RedisSentinel::Start({.master = kMaster,
                                            .primary_port = primary_->port(),
                                            .replica_ports = {replica_->port()}});
      ASSERT_TRUE(sentinel.ok()) << sentinel.status();
      sentinels_.push_back(*std::move(sentinel));
    }
  }

  // SIGKILL: a primary given SIGTERM waits up to 10 s for its replicas to catch up.
  void TearDown() override {
    if (primary_ != nullptr) primary_->Kill();
    if (replica_ != nullptr) replica_->Kill();
  }

  RedisOptions ClientOptions() const {
    RedisOptions options;
    for (const auto& s : sentinels_) options.sentinels.push_back(s->endpoint());
    options.sentinel_master = kMaster;
    options.host.clear();
    options.port = 0;
    return options;
  }

  // The replica has finished its initial sync with the primary.
  bool ReplicaInSync() {
    RedisOptions options = replica_->options();
    options.probe_interval = absl::ZeroDuration();
    RedisClient direct(options);
    auto info = direct.Command({"INFO", "replication"});
    return info.ok() && absl::StrContains(info->str, "master_link_status:up");
  }

  // Sentinel turns a demoted primary that is still running into a replica only when it next
  // looks at it (every 10 s): what an operator, or a restarted pod's start-up, does at once.
  static void Demote(const RedisServer& old_primary, const RedisServer& new_primary) {
    RedisOptions options = old_primary.options();
    options.probe_interval = absl::ZeroDuration();
    RedisClient direct(options);
    ASSERT_TRUE(direct.Command({"REPLICAOF", "127.0.0.1", absl::StrCat(new_primary.port())}).ok());
  }

  // What `server` says it is (ROLE's first element).
  static std::string Role(const RedisServer& server) {
    RedisOptions options = server.options();
    options.probe_interval = absl::ZeroDuration();
    RedisClient direct(options);
    auto role = direct.Command({"ROLE"});
    if (!role.ok() || role->elements.empty()) return "";
    return role->elements[0].str;
  }

  std::unique_ptr<RedisServer> primary_;
  std::unique_ptr<RedisServer> replica_;
  std::vector<std::unique_ptr<RedisSentinel>> sentinels_;
};

TEST_F(SentinelTest, FindsThePrimaryAndFollowsAFailover) {
  RedisClient client(ClientOptions());
  ASSERT_TRUE(client.Command({"SET", "k", "before"}).ok());
  EXPECT_EQ(client.primary().port, primary_->port());
  ASSERT_TRUE(WaitFor([&] { return ReplicaInSync(); }, absl::Seconds(10)));
  ASSERT_TRUE(WaitFor([&] { return sentinels_[0]->Failover().ok(); }, absl::Seconds(15)))
      << sentinels_[0]->Failover();
  ASSERT_TRUE(
      WaitFor([&] { return client.primary().port == replica_->port(); }, absl::Seconds(10)));
  Demote(*primary_, *replica_);
  // Writes go to the new primary once it takes them (it needs the old one as its replica first,
  // min-replicas-to-write).
  absl::StatusOr<RedisReply> written;
  ASSERT_TRUE(WaitFor(
      [&] {
        written = client.Command({"SET", "k", "after"});
        return written.ok();
      },
      absl::Seconds(15)))
      << written.status();
  EXPECT_EQ(Role(*replica_), "master");
  auto got = client.Command({"GET", "k"});
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->str, "after");
}

// With the probe asking only every 30 s, the first write after the switch reaches the demoted
// primary: READONLY is a refusal that changed nothing, and it has the probe ask at once.
TEST_F(SentinelTest, AWriteThatFindsTheOldPrimaryDemotedChangesNothingAndMovesOn) {
  RedisOptions options = ClientOptions();
  options.probe_interval = absl::Seconds(30);
  RedisClient client(options);
  ASSERT_TRUE(client.Command({"SET", "k", "before"}).ok());
  ASSERT_TRUE(WaitFor([&] { return sentinels_[0]->Failover().ok(); }, absl::Seconds(15)))
      << sentinels_[0]->Failover();
  // Every sentinel names the new primary; the client has not asked since.
  ASSERT_TRUE(WaitFor(
      [&] {
        for (const auto& sentinel : sentinels_) {
          auto named = sentinel->Primary();
          if (!named.ok() || named->port != replica_->port()) return false;
        }
        return true;
      },
      absl::Seconds(10)));
  Demote(*primary_, *replica_);
  ASSERT_TRUE(WaitFor([&] { return Role(*primary_) == "slave"; }, absl::Seconds(10)));
  auto refused = client.Command({"SET", "k", "lost"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
  EXPECT_TRUE(RedisNothingSent(refused.status())) << refused.status();
  EXPECT_THAT(refused.status().message(), HasSubstr("READONLY"));
  // Long before the probe's 30 s.
  ASSERT_TRUE(WaitFor([&] { return client.primary().port == replica_->port(); }, absl::Seconds(5)));
  absl::StatusOr<RedisReply> got;
  ASSERT_TRUE(WaitFor(
      [&] {
        got = client.Command({"GET", "k"});
        return got.ok();
      },
      absl::Seconds(5)))
      << got.status();
  EXPECT_EQ(got->str, "before");
}

TEST_F(SentinelTest, AReplicatedWriteIsAnsweredOnceAReplicaHasItElseItsOutcomeIsUnknown) {
  RedisOptions options = ClientOptions();
  options.wait_replicas = 1;
  options.wait_timeout = absl::Milliseconds(300);
  RedisClient client(options);
  RedisPipeliner writes(&client, Retry::kNever, Durability::kReplicated);
  auto ok = writes.Call({"SET", "a", "1"});
  ASSERT_TRUE(ok.ok()) << ok.status();

  replica_->Pause();  // connected, not acknowledging
  const absl::Time start = absl::Now();
  auto unconfirmed = writes.Call({"SET", "b", "1"});
  const absl::Duration took = absl::Now() - start;
  // A batch of error replies changed nothing: it answers its error, not 504, though its WAIT
  // (sent with it, for this connection's unconfirmed write) times out as well.
  auto wrong = writes.Call({"HSET", "a", "f", "v"});
  replica_->Resume();
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kInternal) << wrong.status();
  ASSERT_FALSE(unconfirmed.ok());
  EXPECT_EQ(unconfirmed.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(unconfirmed.status().message(), HasSubstr("0 of the 1 replica(s)"));
  EXPECT_GE(took, absl::Milliseconds(300));
  // Applied on the primary all the same: the caller cannot know, so it retries idempotently.
  auto b = client.Command({"GET", "b"});
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->str, "1");
  // An unreplicated read pipeline is not held up by WAIT.
  RedisPipeliner reads(&client, Retry::kOnConnectionError);
  EXPECT_TRUE(reads.Call({"GET", "a"}).ok());
}

TEST_F(SentinelTest, APrimaryCutOffFromItsReplicaRefusesWritesAndChangesNothing) {
  RedisClient client(ClientOptions());
  ASSERT_TRUE(client.Command({"SET", "k", "kept"}).ok());
  replica_->Kill();
  // Once the primary has let the replica go (it frees a dead replica's client in the
  // background), one write.
  RedisOptions direct = primary_->options();
  direct.probe_interval = absl::ZeroDuration();
  RedisClient to_primary(direct);
  ASSERT_TRUE(WaitFor(
      [&] {
        auto info = to_primary.Command({"INFO", "replication"});
        return info.ok() && absl::StrContains(info->str, "min_slaves_good_slaves:0");
      },
      absl::Seconds(10)));
  auto refused = client.Command({"SET", "k", "dropped"});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
  EXPECT_TRUE(RedisNothingSent(refused.status())) << refused.status();
  EXPECT_THAT(refused.status().message(), HasSubstr("NOREPLICAS"));
  // Scripts are refused before their first write as well.
  RedisScript script("redis.call('SET', KEYS[1], ARGV[1]); return 1");
  auto scripted = client.Eval(script, {"k"}, {"scripted"});
  EXPECT_EQ(scripted.status().code(), absl::StatusCode::kUnavailable) << scripted.status();
  // Reads go on.
  auto got = client.Command({"GET", "k"});
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->str, "kept");
}

}  // namespace
}  // namespace civitas::testing
