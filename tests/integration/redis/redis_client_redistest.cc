#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"
#include "libs/redis/redis_client.h"
#include "libs/redis/redis_pipeliner.h"
#include "libs/testing/redis_server.h"

namespace civitas::testing {
namespace {

class RecordingObserver : public RedisObserver {
 public:
  void OnRoundTrip(absl::string_view command, absl::Duration, bool ok) override {
    absl::MutexLock lock(&mu_);
    commands_.push_back(std::string(command) + (ok ? "" : "!"));
  }
  void OnAvailability(bool available) override {
    absl::MutexLock lock(&mu_);
    availability_.push_back(available);
  }
  std::vector<std::string> commands() {
    absl::MutexLock lock(&mu_);
    return commands_;
  }
  std::vector<bool> availability() {
    absl::MutexLock lock(&mu_);
    return availability_;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> commands_;
  std::vector<bool> availability_;
};

class RedisClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = RedisServer::Start();
    ASSERT_TRUE(s.ok()) << s.status();
    server_ = std::move(s).value();
  }
  std::unique_ptr<RedisServer> server_;
};

TEST_F(RedisClientTest, CommandsAreBinarySafe) {
  RedisClient client(server_->options());
  std::string value("a\0b\r\nc", 6);
  ASSERT_TRUE(client.Command({"SET", "k", value}).ok());
  auto got = client.Command({"GET", "k"});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->str, value);
}

TEST_F(RedisClientTest, PipelineKeepsOrderAndPerCommandErrors) {
  RedisClient client(server_->options());
  auto replies =
      client.Pipeline({{"SET", "a", "1"}, {"INCR", "a"}, {"LPUSH", "a", "x"}, {"GET", "a"}});
  ASSERT_TRUE(replies.ok());
  ASSERT_EQ(replies->size(), 4u);
  EXPECT_EQ((*replies)[1].integer, 2);
  EXPECT_TRUE((*replies)[2].is_error());
  EXPECT_EQ((*replies)[3].str, "2");
}

TEST_F(RedisClientTest, ErrorReplyIsInternal) {
  RedisClient client(server_->options());
  ASSERT_TRUE(client.Command({"SET", "a", "x"}).ok());
  EXPECT_EQ(client.Command({"INCR", "a"}).status().code(), absl::StatusCode::kInternal);
}

TEST_F(RedisClientTest, ScriptRunsAgainAfterScriptCacheFlush) {
  RedisClient client(server_->options());
  RedisScript script("return ARGV[1] .. KEYS[1]");
  auto first = client.Eval(script, {"k"}, {"v"});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->str, "vk");
  ASSERT_TRUE(client.Command({"SCRIPT", "FLUSH"}).ok());
  auto second = client.Eval(script, {"k"}, {"w"});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->str, "wk");
}

TEST_F(RedisClientTest, TimedOutCommandIsDeadlineExceededAndConnectionIsDropped) {
  RedisOptions options = server_->options();
  options.command_timeout = absl::Milliseconds(100);
  options.pool_size = 1;
  RedisClient client(options);
  auto blocked = client.Command({"BLPOP", "never", "2"});
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kDeadlineExceeded);
  // The pool's only connection was dropped, so this runs on a fresh one instead of reading the
  // late BLPOP reply.
  ASSERT_TRUE(client.Command({"SET", "x", "1"}).ok());
  auto got = client.Command({"GET", "x"});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->str, "1");
}

TEST_F(RedisClientTest, UnreachableServerIsUnavailableAndRecoversAfterRestart) {
  RecordingObserver observer;
  RedisClient client(server_->options(), &observer);
  ASSERT_TRUE(client.Ping().ok());
  server_->Kill();
  EXPECT_EQ(client.Ping().code(), absl::StatusCode::kUnavailable);
  ASSERT_TRUE(server_->KillAndRestart().ok());
  // The probe finds it answering again.
  ASSERT_TRUE(WaitFor([&] { return client.available(); }, absl::Seconds(10)));
  EXPECT_TRUE(client.Ping().ok());
  auto commands = observer.commands();
  ASSERT_GE(commands.size(), 3u);
  EXPECT_EQ(commands[0], "PING");
  EXPECT_EQ(commands[1], "PING!");
}

// After Redis restarts every pooled connection is stale. A read that fails on one must retry on
// a newly dialled connection (not on the next pooled one, just as stale), and the failure
// retires the other idle ones: N concurrent reads right after the restart all succeed.
TEST_F(RedisClientTest, ReadsSucceedRightAfterARestartWhateverThePoolHolds) {
  constexpr int kPool = 8;
  RedisOptions options = server_->options();
  options.pool_size = kPool;
  // The pool alone: no probe to find the restart first, nor a connection of its own to count.
  options.probe_interval = absl::ZeroDuration();
  RedisClient client(options);
  ASSERT_TRUE(client.Command({"SET", "k", "v"}).ok());
  // Fill the pool: kPool connections open at once, then all idle.
  {
    absl::BlockingCounter ready(kPool);
    absl::Notification go;
    std::vector<std::thread> threads;
    for (int i = 0; i < kPool; ++i) {
      threads.emplace_back([&] {
        ready.DecrementCount();
        go.WaitForNotification();
        ASSERT_TRUE(client.Command({"BLPOP", "nothing", "0.2"}).ok());
      });
    }
    ready.Wait();
    go.Notify();
    for (auto& t : threads) t.join();
  }
  auto clients = client.Command({"CLIENT", "LIST"});
  ASSERT_TRUE(clients.ok());
  ASSERT_EQ(std::count(clients->str.begin(), clients->str.end(), '\n'), kPool);

  ASSERT_TRUE(server_->KillAndRestart().ok());  // the AOF keeps k
  std::atomic<int> failed{0};
  std::vector<std::string> errors(kPool);
  std::vector<std::thread> readers;
  for (int i = 0; i < kPool; ++i) {
    readers.emplace_back([&, i] {
      auto got = client.Command({"GET", "k"}, Retry::kOnConnectionError);
      if (!got.ok() || got->str != "v") {
        ++failed;
        errors[i] = got.ok() ? got->str : got.status().ToString();
      }
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(failed.load(), 0) << ::testing::PrintToString(errors);
}

// A Redis busy for longer than stall_after (a long script; a stall is the same to its clients):
// the command in flight is cut off instead of waiting out its 60 s timeout, new ones fail at once
// without being sent, and all is well again once Redis answers.
TEST_F(RedisClientTest, ARedisThatStopsAnsweringFailsCommandsAtOnceUntilItAnswersAgain) {
  RedisOptions options = server_->options();
  options.command_timeout = absl::Seconds(60);
  options.stall_after = absl::Milliseconds(200);
  RecordingObserver observer;
  RedisClient client(options, &observer);
  ASSERT_TRUE(client.Command({"SET", "k", "v"}).ok());
  // Busy for a second (TIME moves inside a script since Redis 5).
  RedisScript busy(
      "local function now() local t = redis.call('TIME') return t[1] * 1000000 + t[2] end "
      "local start = now() while now() - start < 1000000 do end return 1");
  absl::StatusOr<RedisReply> in_flight;
  std::thread runner([&] { in_flight = client.Eval(busy, {}, {}); });
  ASSERT_TRUE(WaitFor([&] { return !client.available(); }, absl::Seconds(10)));
  runner.join();
  EXPECT_EQ(in_flight.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(in_flight.status().message(), ::testing::HasSubstr("outcome is unknown"));
  auto refused = client.Command({"GET", "k"}, Retry::kOnConnectionError);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(refused.status().message(), ::testing::HasSubstr("nothing was sent"));
  ASSERT_TRUE(WaitFor([&] { return client.available(); }, absl::Seconds(20)));
  auto got = client.Command({"GET", "k"});
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->str, "v");
  EXPECT_EQ(observer.availability(), (std::vector<bool>{false, true}));
}

TEST_F(RedisClientTest, AStoppedRedisIsUnavailableAtOnceAndAnswersAgainWhenContinued) {
  RedisOptions options = server_->options();
  options.command_timeout = absl::Seconds(60);
  RedisClient client(options);
  ASSERT_TRUE(client.Command({"SET", "k", "v"}).ok());
  server_->Pause();
  ASSERT_TRUE(WaitFor([&] { return !client.available(); }, absl::Seconds(10)));
  EXPECT_EQ(client.Ping().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(client.Command({"SET", "k", "w"}).status().code(), absl::StatusCode::kUnavailable);
  server_->Resume();
  ASSERT_TRUE(WaitFor([&] { return client.available(); }, absl::Seconds(10)));
  auto got = client.Command({"GET", "k"});
  ASSERT_TRUE(got.ok()) << got.status();
  // The refused SET was never sent.
  EXPECT_EQ(got->str, "v");
}

// Many threads' reads share round trips and each gets its own reply.
TEST_F(RedisClientTest, PipelinerAnswersEveryCallerWithItsOwnReply) {
  RecordingObserver observer;
  RedisClient client(server_->options(), &observer);
  constexpr int kKeys = 200;
  for (int i = 0; i < kKeys; ++i) {
    ASSERT_TRUE(client.Command({"SET", absl::StrCat("k", i), absl::StrCat("v", i)}).ok());
  }
  const size_t round_trips_before = observer.commands().size();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 500;
  std::atomic<int> wrong{0};
  std::atomic<int> remaining{kThreads * kPerThread};
  absl::Notification all_done;
  {
    RedisPipeliner pipeliner(&client, Retry::kOnConnectionError);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          const int k = (t * kPerThread + i) % kKeys;
          pipeliner.Submit({"GET", absl::StrCat("k", k)}, [&, k](absl::StatusOr<RedisReply> reply) {
            if (!reply.ok() || reply->str != absl::StrCat("v", k)) wrong++;
            if (remaining.fetch_sub(1) == 1) all_done.Notify();
          });
        }
      });
    }
    for (auto& t : threads) t.join();
    ASSERT_TRUE(all_done.WaitForNotificationWithTimeout(absl::Seconds(30)));
  }
  EXPECT_EQ(wrong.load(), 0);
  // Fewer round trips than commands: they were batched.
  EXPECT_LT(observer.commands().size() - round_trips_before, size_t{kThreads * kPerThread});
}

// An idle pipeliner answers on the caller's thread before Submit returns; a caller that submits
// while another is sending returns at once and is answered by the sender, after its round trip.
TEST_F(RedisClientTest, PipelinerSendsOnTheFirstCallersThreadAndQueuesTheRest) {
  RedisClient client(server_->options());
  ASSERT_TRUE(client.Command({"SET", "a", "1"}).ok());
  ASSERT_TRUE(client.Command({"SET", "b", "2"}).ok());
  RedisPipeliner pipeliner(&client, Retry::kOnConnectionError);

  std::thread::id answered_on;
  std::string first;
  pipeliner.Submit({"GET", "a"}, [&](absl::StatusOr<RedisReply> r) {
    answered_on = std::this_thread::get_id();
    first = r.ok() ? r->str : r.status().ToString();
  });
  EXPECT_EQ(answered_on, std::this_thread::get_id());
  EXPECT_EQ(first, "1");

  // The sender's callback holds it until the second caller has submitted.
  absl::Notification sender_in_callback, second_submitted, second_answered;
  std::thread::id sender_thread, second_answered_on;
  std::string second;
  std::thread sender([&] {
    sender_thread = std::this_thread::get_id();
    pipeliner.Submit({"GET", "a"}, [&](absl::StatusOr<RedisReply>) {
      sender_in_callback.Notify();
      second_submitted.WaitForNotification();
    });
  });
  sender_in_callback.WaitForNotification();
  pipeliner.Submit({"GET", "b"}, [&](absl::StatusOr<RedisReply> r) {
    second_answered_on = std::this_thread::get_id();
    second = r.ok() ? r->str : r.status().ToString();
    second_answered.Notify();
  });
  // Submit returned although the sender is busy: the command was queued, not sent here.
  EXPECT_FALSE(second_answered.HasBeenNotified());
  second_submitted.Notify();
  ASSERT_TRUE(second_answered.WaitForNotificationWithTimeout(absl::Seconds(10)));
  sender.join();
  EXPECT_EQ(second_answered_on, sender_thread);
  EXPECT_EQ(second, "2");
}

// Callers that wait for their replies (Call, CallAll) share round trips too, each answered with
// its own replies.
TEST_F(RedisClientTest, BlockingCallersShareRoundTrips) {
  RecordingObserver observer;
  RedisClient client(server_->options(), &observer);
  constexpr int kKeys = 100;
  for (int i = 0; i < kKeys; ++i) {
    ASSERT_TRUE(client.Command({"SET", absl::StrCat("k", i), absl::StrCat("v", i)}).ok());
  }
  const size_t round_trips_before = observer.commands().size();
  RedisPipeliner pipeliner(&client, Retry::kOnConnectionError);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 300;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int k = (t * kPerThread + i) % kKeys;
        if (i % 2 == 0) {
          auto reply = pipeliner.Call({"GET", absl::StrCat("k", k)});
          if (!reply.ok() || reply->str != absl::StrCat("v", k)) wrong++;
        } else {
          const int k2 = (k + 1) % kKeys;
          auto replies = pipeliner.CallAll({{"GET", absl::StrCat("k", k)},
                                            {"HGET", absl::StrCat("k", k2), "f"},  // WRONGTYPE
                                            {"GET", absl::StrCat("k", k2)}});
          if (replies.size() != 3 || !replies[0].ok() || replies[0]->str != absl::StrCat("v", k) ||
              replies[1].status().code() != absl::StatusCode::kInternal || !replies[2].ok() ||
              replies[2]->str != absl::StrCat("v", k2)) {
            wrong++;
          }
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  const size_t commands = kThreads * kPerThread / 2 * 4;
  EXPECT_LT(observer.commands().size() - round_trips_before, commands);
}

// A CallAll's commands are one round trip however many they are: a batch grows past its bound
// rather than split them.
TEST_F(RedisClientTest, CallAllIsOneRoundTripBeyondTheBatchBound) {
  RecordingObserver observer;
  RedisClient client(server_->options(), &observer);
  ASSERT_TRUE(client.Command({"SET", "x", "1"}).ok());
  RedisPipeliner pipeliner(&client, Retry::kOnConnectionError, Durability::kApplied,
                           /*max_batch=*/4);
  std::vector<std::vector<std::string>> commands(10, std::vector<std::string>{"GET", "x"});
  const size_t before = observer.commands().size();
  auto replies = pipeliner.CallAll(commands);
  EXPECT_EQ(observer.commands().size() - before, 1u);
  ASSERT_EQ(replies.size(), 10u);
  for (const auto& r : replies) {
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->str, "1");
  }
}

// A callback that runs on the sender's thread and waits for a pipeliner (its own or another)
// would wait for itself: its calls go straight to the client and are answered.
TEST_F(RedisClientTest, BlockingCallsFromASendersCallbackAreAnswered) {
  RedisClient client(server_->options());
  ASSERT_TRUE(client.Command({"SET", "a", "1"}).ok());
  RedisPipeliner reads(&client, Retry::kOnConnectionError);
  RedisPipeliner writes(&client, Retry::kNever);
  absl::Notification answered;
  std::string inner, inner_all, other;
  std::thread caller([&] {
    reads.Submit({"GET", "a"}, [&](absl::StatusOr<RedisReply>) {
      auto same = reads.Call({"GET", "a"});
      inner = same.ok() ? same->str : same.status().ToString();
      auto all = reads.CallAll({{"GET", "a"}});
      inner_all = all[0].ok() ? all[0]->str : all[0].status().ToString();
      auto written = writes.Call({"INCR", "a"});
      other = written.ok() ? absl::StrCat(written->integer) : written.status().ToString();
      answered.Notify();
    });
  });
  ASSERT_TRUE(answered.WaitForNotificationWithTimeout(absl::Seconds(10)));
  caller.join();
  EXPECT_EQ(inner, "1");
  EXPECT_EQ(inner_all, "1");
  EXPECT_EQ(other, "2");
}

TEST_F(RedisClientTest, PipelinerReportsErrorRepliesAndOutages) {
  RedisOptions options = server_->options();
  options.connect_timeout = absl::Milliseconds(200);
  RedisClient client(options);
  RedisPipeliner pipeliner(&client, Retry::kOnConnectionError);
  auto call = [&](std::vector<std::string> argv) {
    absl::Notification done;
    absl::StatusOr<RedisReply> out;
    pipeliner.Submit(std::move(argv), [&](absl::StatusOr<RedisReply> r) {
      out = std::move(r);
      done.Notify();
    });
    done.WaitForNotification();
    return out;
  };
  ASSERT_TRUE(client.Command({"SET", "s", "x"}).ok());
  EXPECT_EQ(call({"HGET", "s", "f"}).status().code(), absl::StatusCode::kInternal);  // WRONGTYPE
  EXPECT_TRUE(call({"GET", "missing"})->is_nil());
  server_->Kill();
  EXPECT_EQ(call({"GET", "s"}).status().code(), absl::StatusCode::kUnavailable);
  ASSERT_TRUE(server_->KillAndRestart().ok());
  // The probe finds Redis back within probe_interval; until then commands are refused unsent.
  ASSERT_TRUE(WaitFor([&] { return client.available(); }, absl::Seconds(10)));
  auto after = call({"GET", "s"});
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->str, "x");
}

// A batch whose connection breaks after Redis applied part of it: a write pipeliner (kNever)
// reports UNAVAILABLE to every caller of the batch (the outcome is unknown) and never sends it
// again. QUIT makes Redis answer and then close the connection in the middle of the batch.
TEST_F(RedisClientTest, WritePipelinerNeverResendsABrokenBatch) {
  RedisClient client(server_->options());
  RedisPipeliner pipeliner(&client, Retry::kNever);
  absl::Notification sender_in_callback, queued;
  std::vector<absl::StatusOr<RedisReply>> replies(3);
  absl::BlockingCounter answered(3);
  // The first caller's callback holds the sender until the batch is queued behind it.
  std::thread sender([&] {
    pipeliner.Submit({"PING"}, [&](absl::StatusOr<RedisReply>) {
      sender_in_callback.Notify();
      queued.WaitForNotification();
    });
  });
  sender_in_callback.WaitForNotification();
  const std::vector<std::vector<std::string>> batch = {
      {"INCR", "counter"}, {"QUIT"}, {"GET", "counter"}};
  for (size_t i = 0; i < batch.size(); ++i) {
    pipeliner.Submit(batch[i], [&, i](absl::StatusOr<RedisReply> r) {
      replies[i] = std::move(r);
      answered.DecrementCount();
    });
  }
  queued.Notify();
  answered.Wait();
  sender.join();
  for (const auto& r : replies) {
    EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable) << r.status();
  }
  auto counter = client.Command({"GET", "counter"});
  ASSERT_TRUE(counter.ok()) << counter.status();
  EXPECT_EQ(counter->str, "1");  // applied once, not sent again
}

TEST(RedisAddressTest, ParsesHostPortAndPassword) {
  auto o = ParseRedisAddress("redis://:s3cret@cache:6380");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->host, "cache");
  EXPECT_EQ(o->port, 6380);
  EXPECT_EQ(o->password, "s3cret");
  EXPECT_TRUE(o->username.empty());
  EXPECT_FALSE(ParseRedisAddress("nohost").ok());
  EXPECT_FALSE(ParseRedisAddress("h:99999").ok());
  auto user = ParseRedisAddress("redis://grants:pa:ss@cache:6380");
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->username, "grants");
  EXPECT_EQ(user->password, "pa:ss");
}

TEST(RedisAddressTest, ParsesSentinels) {
  auto o = ParseRedisAddress("redis+sentinel://grants:pw@s1:26379,s2:26380,[::1]:1/civitas");
  EXPECT_FALSE(o.ok());  // an IPv6 sentinel is not host:port in this form
  o = ParseRedisAddress("redis+sentinel://grants:pw@s1:26379,s2:26380/civitas");
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->sentinel_master, "civitas");
  ASSERT_EQ(o->sentinels.size(), 2u);
  EXPECT_EQ(o->sentinels[1].ToString(), "s2:26380");
  EXPECT_EQ(o->username, "grants");
  EXPECT_EQ(o->password, "pw");
  EXPECT_TRUE(o->host.empty());
  auto no_master = ParseRedisAddress("redis+sentinel://s1:26379");
  ASSERT_FALSE(no_master.ok());
  EXPECT_THAT(no_master.status().message(), ::testing::HasSubstr("master"));
  EXPECT_FALSE(ParseRedisAddress("redis+sentinel://s1:26379,s2/civitas").ok());
}

TEST(RedisErrorReplyTest, RefusalsChangeNothingOtherErrorsAreInternal) {
  for (const char* refusal :
       {"READONLY You can't write against a read only replica.",
        "NOREPLICAS Not enough good replicas to write.",
        "LOADING Redis is loading the dataset in memory", "BUSY Redis is busy running a script."}) {
    absl::Status status = RedisErrorReplyStatus("redis SET: ", refusal);
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << refusal;
    EXPECT_TRUE(RedisNothingSent(status)) << refusal;
  }
  absl::Status other = RedisErrorReplyStatus("redis SET: ", "BUSYKEY Target key name exists");
  EXPECT_EQ(other.code(), absl::StatusCode::kInternal);
  EXPECT_FALSE(RedisNothingSent(other));
  EXPECT_EQ(other.message(), "redis SET: BUSYKEY Target key name exists");
}

TEST(RedisAclTest, AuthenticatesAsItsUserAndNamesTheUserWhenRefused) {
  auto server = RedisServer::Start({"--user", "grants", "on", ">s3cret", "~grants:*", "+@all"});
  ASSERT_TRUE(server.ok()) << server.status();
  RedisOptions options = (*server)->options();
  options.username = "grants";
  options.password = "s3cret";
  RedisClient client(options);
  EXPECT_TRUE(client.Command({"SET", "grants:a", "1"}).ok());
  // The user's key pattern holds.
  auto foreign = client.Command({"SET", "registry:a", "1"});
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kInternal) << foreign.status();
  options.password = "wrong";
  options.probe_interval = absl::ZeroDuration();
  RedisClient refused(options);
  auto got = refused.Command({"GET", "grants:a"});
  EXPECT_EQ(got.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(got.status().message(),
              ::testing::HasSubstr("authentication failed for user 'grants'"));
}

}  // namespace
}  // namespace civitas::testing
