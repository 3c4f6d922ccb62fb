// A blocking Redis client over hiredis with a connection pool. Commands are argv vectors (binary
// safe). Scripts run by SHA with a NOSCRIPT fallback to EVAL. A command that times out has an
// unknown outcome: the caller gets DEADLINE_EXCEEDED and the connection is dropped, never reused.
//
// Fail fast: a probe of its own PINGs Redis all the time; while Redis does not answer it (down,
// stalled, the path to it broken) the client sends nothing and every command fails at once,
// instead of each caller waiting out the command timeout while requests pile up behind it.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/redis/redis_reply.h"
#include "libs/redis/sentinel.h"

namespace civitas {

struct RedisOptions {
  // The server; with `sentinels`, only where to start: the primary is whichever they name.
  std::string host = "127.0.0.1";
  int port = 6379;
  // An ACL user (empty: Redis's default user) and its password (empty: no AUTH).
  std::string username;
  std::string password;
  // Redis Sentinel: the sentinels to ask which server is the primary of `sentinel_master`. The
  // probe asks once a second (every `probe_interval` while the primary does not answer as one)
  // and requires the server it pings to say it is a primary (ROLE), else asks another sentinel
  // first next time; when they name another primary, the connections to the old one are cut
  // off (as a stall) and never reused, and new ones go to the new one. A READONLY reply (the
  // primary was demoted) stops commands at once and has the probe ask again at once.
  std::vector<RedisEndpoint> sentinels;
  std::string sentinel_master;
  // Writes sent with Durability::kReplicated are followed, in the same round trip, by
  // WAIT `wait_replicas` `wait_timeout`: answered only once that many replicas have them, else
  // DEADLINE_EXCEEDED (applied on the primary, perhaps lost by a failover: outcome unknown).
  // Zero: no WAIT.
  int wait_replicas = 0;
  absl::Duration wait_timeout = absl::Milliseconds(500);
  absl::Duration connect_timeout = absl::Seconds(1);
  absl::Duration command_timeout = absl::Seconds(2);
  // Most connections open at once; callers beyond that wait up to `pool_wait`.
  int pool_size = 32;
  absl::Duration pool_wait = absl::Seconds(2);
  // The probe PINGs every `probe_interval` on a connection of its own. A PING not answered within
  // `stall_after` makes Redis unavailable: commands fail at once with UNAVAILABLE (nothing sent,
  // nothing changed) and those in flight are cut off (DEADLINE_EXCEEDED, outcome unknown, as a
  // command timeout), until a PING is answered again. A script that legitimately runs longer than
  // `stall_after` blocks the PING too: keep it above the longest write. Zero `probe_interval`: no
  // probe.
  absl::Duration probe_interval = absl::Milliseconds(50);
  absl::Duration stall_after = absl::Milliseconds(250);
};

// Parses `host:port`, `redis://[[user]:password@]host:port` or, for Redis Sentinel,
// `redis+sentinel://[[user]:password@]host:port[,host:port...]/master` into options. The user and
// password are the data server's; sentinels are asked without AUTH.
absl::StatusOr<RedisOptions> ParseRedisAddress(absl::string_view address);

// RedisScript is a Lua script with its SHA1, computed once.
class RedisScript {
 public:
  explicit RedisScript(std::string source);
  const std::string& source() const { return source_; }
  const std::string& sha() const { return sha_; }

 private:
  std::string source_;
  std::string sha_;
};

// RedisObserver is told the outcome and latency of every round trip (metrics). Thread-safe.
class RedisObserver {
 public:
  virtual ~RedisObserver() = default;
  virtual void OnRoundTrip(absl::string_view command, absl::Duration latency, bool ok) = 0;
  // Redis started or stopped answering the probe.
  virtual void OnAvailability(bool available) {}
  // The sentinels named a new primary (a failover), which commands go to from now on.
  virtual void OnPrimaryChanged(const RedisEndpoint& primary) {}
};

// Marks the UNAVAILABLE of a command refused before anything was sent (Redis was not answering
// the probe): a write so refused changed nothing.
inline constexpr char kRedisNothingSentPayload[] = "type.civitas.dev/redis.nothing_sent";
inline bool RedisNothingSent(const absl::Status& status) {
  return status.GetPayload(kRedisNothingSentPayload).has_value();
}

// Whether a failed command may be re-sent on a fresh connection. Only for commands whose repeat
// cannot change data (reads) or that are idempotent by construction.
enum class Retry { kNever, kOnConnectionError };

// Whether a write is answered once the primary applied it (and, with appendfsync always, wrote it
// to disk) or once RedisOptions::wait_replicas replicas have it as well.
enum class Durability { kApplied, kReplicated };

// The status of an error reply: UNAVAILABLE with kRedisNothingSentPayload for the refusals that
// change nothing and pass (READONLY: a replica, since demoted; NOREPLICAS: a primary cut off from
// its replicas; MASTERDOWN, LOADING, BUSY), else INTERNAL with `context` and the error.
absl::Status RedisErrorReplyStatus(absl::string_view context, const std::string& error);

// RedisClient owns a pool of connections and the probe's thread; thread-safe. Errors: UNAVAILABLE
// when Redis cannot be reached or does not answer the probe, DEADLINE_EXCEEDED on a timed-out
// command (unknown outcome), INTERNAL on an error reply.
class RedisClient {
 public:
  explicit RedisClient(RedisOptions options, RedisObserver* observer = nullptr);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  absl::StatusOr<RedisReply> Command(const std::vector<std::string>& argv,
                                     Retry retry = Retry::kNever);
  // Sends all commands in one round trip; replies in order. Error replies stay in the vector.
  absl::StatusOr<std::vector<RedisReply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands, Retry retry = Retry::kNever,
      Durability durability = Durability::kApplied);
  // EVALSHA, falling back to EVAL (which also caches the script) on NOSCRIPT.
  absl::StatusOr<RedisReply> Eval(const RedisScript& script, const std::vector<std::string>& keys,
                                  const std::vector<std::string>& args, Retry retry = Retry::kNever,
                                  Durability durability = Durability::kApplied);
  // PING, or UNAVAILABLE at once while the probe gets no answer.
  absl::Status Ping();
  // Whether the probe's last PING was answered.
  bool available() const { return available_.load(std::memory_order_acquire); }
  // The server commands go to: the one configured, or the primary the sentinels named last
  // (empty until they have named one).
  RedisEndpoint primary() const;

  const RedisOptions& options() const { return options_; }

 private:
  struct Connection;
  // An idle connection, else a newly dialled one; with `fresh` always a newly dialled one (an
  // idle one is closed to make room when the pool is full).
  absl::StatusOr<std::unique_ptr<Connection>> Acquire(bool fresh);
  void Release(std::unique_ptr<Connection> conn, bool healthy);
  // Closes every idle connection (after a connection failure).
  void DropIdle();
  absl::StatusOr<std::vector<RedisReply>> RoundTrip(
      const std::vector<std::vector<std::string>>& commands, Retry retry, Durability durability);
  absl::StatusOr<std::vector<RedisReply>> RoundTripOnce(
      const std::vector<std::vector<std::string>>& commands, bool fresh, bool wait,
      bool* connection_error);
  // Looks at a round trip's error replies: a demoted primary (READONLY) stops commands until the
  // probe has asked the sentinels again; NOREPLICAS has it ask at once.
  void NoticeRefusals(const std::vector<RedisReply>& replies, const RedisEndpoint& server);
  // A new connection to the primary with `timeout` for connecting and for each command (AUTH
  // sent if needed); with sentinels and no primary known yet, they are asked first.
  absl::StatusOr<std::unique_ptr<Connection>> Dial(absl::Duration connect_timeout,
                                                   absl::Duration command_timeout);
  absl::Status Unavailable() const;
  // The primary's address for messages.
  std::string ServerName() const;
  // The probe's loop, on its own thread.
  void Probe();
  // With sentinels: asks them for the primary and switches to it if it changed. False when none
  // answered (the primary known stays).
  bool ResolvePrimary();
  // Has the next ResolvePrimary start with the sentinel after the one that answered last.
  void AskAnotherSentinelFirst();
  // Marks Redis (un)available; on the way down, cuts off the connections in use and drops the
  // idle ones.
  void SetAvailable(bool available);
  // Cuts off the connections in use (their callers get DEADLINE_EXCEEDED at once) and gives up
  // the idle ones (returned, to be freed once the lock is released).
  std::vector<std::unique_ptr<Connection>> CutOffConnections() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const RedisOptions options_;
  RedisObserver* const observer_;
  std::atomic<bool> available_{true};
  // Held across a change of `available_` and its notification (taken before mu_).
  absl::Mutex availability_mu_;
  mutable absl::Mutex primary_mu_;
  RedisEndpoint primary_ ABSL_GUARDED_BY(primary_mu_);
  // The sentinel that answered last, asked first next time.
  size_t sentinel_first_ ABSL_GUARDED_BY(primary_mu_) = 0;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_ ABSL_GUARDED_BY(mu_);
  // Handed out and not yet released: what SetAvailable(false) cuts off.
  absl::flat_hash_set<Connection*> in_use_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Set to have the probe look (and ask the sentinels) now rather than at its next interval.
  bool probe_now_ ABSL_GUARDED_BY(mu_) = false;
  std::thread probe_;
};

}  // namespace civitas
