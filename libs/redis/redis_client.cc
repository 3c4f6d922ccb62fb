#include "libs/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <openssl/evp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace civitas {
namespace {

timeval AsTimeval(absl::Duration d) { return absl::ToTimeval(d); }

RedisReply CopyReply(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = RedisReply::Type::kError;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      out.elements.reserve(r->elements);
      for (size_t i = 0; i < r->elements; ++i) {
        out.elements.push_back(CopyReply(r->element[i]));
      }
      break;
    default:
      out.type = RedisReply::Type::kNil;
  }
  return out;
}

std::string Sha1Hex(const std::string& s) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), digest, &len, EVP_sha1(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    absl::StrAppendFormat(&hex, "%02x", digest[i]);
  }
  return hex;
}

}  // namespace

struct RedisClient::Connection {
  redisContext* ctx = nullptr;
  // The server it was dialled to: one that is no longer the primary is never reused.
  RedisEndpoint server;
  // Set (under the client's mutex) when the probe cut this connection off.
  std::atomic<bool> cut_off{false};
  ~Connection() {
    if (ctx != nullptr) {
      redisFree(ctx);
    }
  }
};

namespace {

absl::StatusOr<RedisEndpoint> ParseEndpoint(absl::string_view text, absl::string_view address) {
  RedisEndpoint out;
  std::vector<std::string> parts = absl::StrSplit(text, absl::MaxSplits(':', 1));
  if (parts.size() != 2 || parts[0].empty() || !absl::SimpleAtoi(parts[1], &out.port) ||
      out.port <= 0 || out.port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("redis address '", address, "': '", text,
                                                   "' must be host:port (port 1-65535)"));
  }
  out.host = parts[0];
  return out;
}

}  // namespace

absl::StatusOr<RedisOptions> ParseRedisAddress(absl::string_view address) {
  RedisOptions options;
  absl::string_view rest = address;
  const bool sentinel = absl::ConsumePrefix(&rest, "redis+sentinel://");
  if (!sentinel) absl::ConsumePrefix(&rest, "redis://");
  if (sentinel) {
    const size_t slash = rest.rfind('/');
    if (slash == absl::string_view::npos || slash + 1 == rest.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("redis address '", address, "' must name the sentinels' master: ",
                       "redis+sentinel://host:port[,host:port...]/master"));
    }
    options.sentinel_master = std::string(rest.substr(slash + 1));
    rest = rest.substr(0, slash);
  }
  if (auto at = rest.rfind('@'); at != absl::string_view::npos) {
    absl::string_view auth = rest.substr(0, at);
    if (auto colon = auth.find(':'); colon != absl::string_view::npos) {
      options.username = std::string(auth.substr(0, colon));
      options.password = std::string(auth.substr(colon + 1));
    } else {
      options.password = std::string(auth);
    }
    rest = rest.substr(at + 1);
  }
  if (!sentinel) {
    absl::StatusOr<RedisEndpoint> server = ParseEndpoint(rest, address);
    if (!server.ok()) return server.status();
    options.host = server->host;
    options.port = server->port;
    return options;
  }
  for (absl::string_view one : absl::StrSplit(rest, ',')) {
    absl::StatusOr<RedisEndpoint> sentinel_at = ParseEndpoint(one, address);
    if (!sentinel_at.ok()) return sentinel_at.status();
    options.sentinels.push_back(*std::move(sentinel_at));
  }
  // Nothing known until the sentinels answer.
  options.host.clear();
  options.port = 0;
  return options;
}

absl::Status RedisErrorReplyStatus(absl::string_view context, const std::string& error) {
  for (absl::string_view refusal : {"READONLY", "NOREPLICAS", "MASTERDOWN", "LOADING", "BUSY "}) {
    if (absl::StartsWith(error, refusal)) {
      absl::Status out = absl::UnavailableError(
          absl::StrCat(context, "redis refused the command (nothing was changed): ", error));
      out.SetPayload(kRedisNothingSentPayload, absl::Cord("1"));
      return out;
    }
  }
  return absl::InternalError(absl::StrCat(context, error));
}

RedisScript::RedisScript(std::string source) : source_(std::move(source)) {
  sha_ = Sha1Hex(source_);
}

RedisClient::RedisClient(RedisOptions options, RedisObserver* observer)
    : options_(std::move(options)), observer_(observer) {
  if (options_.sentinels.empty()) primary_ = {options_.host, options_.port};
  if (options_.probe_interval > absl::ZeroDuration()) probe_ = std::thread([this] { Probe(); });
}

RedisClient::~RedisClient() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (probe_.joinable()) probe_.join();
}

RedisEndpoint RedisClient::primary() const {
  absl::MutexLock lock(&primary_mu_);
  return primary_;
}

std::string RedisClient::ServerName() const {
  RedisEndpoint server = primary();
  if (!server.empty()) return server.ToString();
  return absl::StrCat("(the primary of '", options_.sentinel_master, "', not yet named)");
}

absl::StatusOr<std::unique_ptr<RedisClient::Connection>> RedisClient::Dial(
    absl::Duration connect_timeout, absl::Duration command_timeout) {
  RedisEndpoint server = primary();
  if (server.empty()) {
    ResolvePrimary();
    server = primary();
    if (server.empty()) {
      return absl::UnavailableError(absl::StrCat("redis: no sentinel has named the primary of '",
                                                 options_.sentinel_master, "' yet"));
    }
  }
  auto conn = std::make_unique<Connection>();
  conn->server = server;
  conn->ctx = redisConnectWithTimeout(server.host.c_str(), server.port, AsTimeval(connect_timeout));
  auto fail = [&server](absl::string_view why) {
    return absl::UnavailableError(
        absl::StrCat("redis at ", server.ToString(), " unreachable: ", why));
  };
  if (conn->ctx == nullptr) return fail("out of memory");
  if (conn->ctx->err != 0) return fail(conn->ctx->errstr);
  redisSetTimeout(conn->ctx, AsTimeval(command_timeout));
  if (!options_.password.empty()) {
    std::vector<const char*> argv = {"AUTH"};
    std::vector<size_t> lens = {4};
    if (!options_.username.empty()) {
      argv.push_back(options_.username.data());
      lens.push_back(options_.username.size());
    }
    argv.push_back(options_.password.data());
    lens.push_back(options_.password.size());
    auto* r = static_cast<redisReply*>(
        redisCommandArgv(conn->ctx, static_cast<int>(argv.size()), argv.data(), lens.data()));
    bool ok = r != nullptr && r->type != REDIS_REPLY_ERROR;
    if (r != nullptr) freeReplyObject(r);
    if (!ok) {
      return fail(absl::StrCat("authentication failed for user '",
                               options_.username.empty() ? "default" : options_.username, "'"));
    }
  }
  return conn;
}

bool RedisClient::ResolvePrimary() {
  if (options_.sentinels.empty()) return true;
  size_t first;
  {
    absl::MutexLock lock(&primary_mu_);
    first = sentinel_first_;
  }
  absl::StatusOr<RedisEndpoint> named = AskSentinelsForPrimary(
      options_.sentinels, options_.sentinel_master, options_.stall_after, &first);
  if (!named.ok()) return false;
  bool first_named;
  {
    absl::MutexLock lock(&primary_mu_);
    sentinel_first_ = first;
    if (primary_ == *named) return true;
    first_named = primary_.empty();
    primary_ = *named;
  }
  {
    // Whatever is in flight to the old primary may be applied there and then dropped by the
    // failover: cut off (outcome unknown), never reused.
    std::vector<std::unique_ptr<Connection>> stale;
    absl::MutexLock lock(&mu_);
    stale = CutOffConnections();
  }
  // The first primary named at start-up is not a failover.
  if (observer_ != nullptr && !first_named) observer_->OnPrimaryChanged(*named);
  return true;
}

void RedisClient::AskAnotherSentinelFirst() {
  absl::MutexLock lock(&primary_mu_);
  if (!options_.sentinels.empty()) {
    sentinel_first_ = (sentinel_first_ + 1) % options_.sentinels.size();
  }
}

absl::Status RedisClient::Unavailable() const {
  absl::Status out = absl::UnavailableError(
      absl::StrCat("redis at ", ServerName(), " is not answering (down or stalled for ",
                   absl::FormatDuration(options_.stall_after), "); nothing was sent; retry later"));
  out.SetPayload(kRedisNothingSentPayload, absl::Cord("1"));
  return out;
}

void RedisClient::Probe() {
  std::unique_ptr<Connection> conn;
  const bool sentinels = !options_.sentinels.empty();
  // PING (with sentinels, ROLE: the server must still be a primary) on the probe's connection,
  // dialled first if there is none: whether Redis answered, and whether it timed out (no answer)
  // rather than the connection failing.
  auto ping = [&](bool* timed_out) {
    *timed_out = false;
    if (conn == nullptr) {
      auto dialled = Dial(options_.stall_after, options_.stall_after);
      if (!dialled.ok()) return false;
      conn = *std::move(dialled);
    }
    auto* r = static_cast<redisReply*>(redisCommand(conn->ctx, sentinels ? "ROLE" : "PING"));
    bool answered = r != nullptr && r->type != REDIS_REPLY_ERROR;
    if (answered && sentinels) {
      answered = r->type == REDIS_REPLY_ARRAY && r->elements > 0 &&
                 r->element[0]->type == REDIS_REPLY_STRING &&
                 absl::string_view(r->element[0]->str, r->element[0]->len) == "master";
    }
    if (r != nullptr) freeReplyObject(r);
    if (r == nullptr) {
      *timed_out = conn->ctx->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);
      conn.reset();
    }
    return answered;
  };
  RedisEndpoint pinged;
  absl::Time asked = absl::InfinitePast();
  bool woken = false;
  while (true) {
    // While all is well the sentinels are asked once a second; while the primary does not answer
    // as one, or a refusal woke the probe, every turn.
    if (sentinels && (!available() || woken || absl::Now() - asked >= absl::Seconds(1))) {
      asked = absl::Now();
      ResolvePrimary();
      // A connection to a server that is no longer the primary tells nothing.
      if (RedisEndpoint now = primary(); !(now == pinged)) {
        conn.reset();
        pinged = now;
      }
    }
    bool timed_out = false;
    bool answered = ping(&timed_out);
    // A connection that failed without a timeout may only be stale (Redis restarted since it
    // was dialled): a fresh one decides. A PING that timed out is a stall as it stands.
    if (!answered && !timed_out) answered = ping(&timed_out);
    // The server a sentinel named does not answer as the primary: that sentinel may be stale (a
    // minority's, or just restarted); the next turn asks another first.
    if (!answered && sentinels) AskAnotherSentinelFirst();
    SetAvailable(answered);
    absl::MutexLock lock(&mu_);
    auto wake = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || probe_now_; };
    mu_.AwaitWithTimeout(absl::Condition(&wake), options_.probe_interval);
    if (stopping_) return;
    woken = probe_now_;
    probe_now_ = false;
  }
}

std::vector<std::unique_ptr<RedisClient::Connection>> RedisClient::CutOffConnections() {
  // Callers blocked on a stalled Redis get their answer now, not at the command timeout:
  // shutting the socket's reading side down makes their read end at once. Not the writing side:
  // a caller about to send would get SIGPIPE.
  for (Connection* conn : in_use_) {
    conn->cut_off.store(true, std::memory_order_release);
    shutdown(conn->ctx->fd, SHUT_RD);
  }
  std::vector<std::unique_ptr<Connection>> stale;
  stale.swap(idle_);
  open_ -= static_cast<int>(stale.size());
  return stale;
}

void RedisClient::SetAvailable(bool available) {
  // One change at a time, told in the order made: the probe's "up" and a request thread's "down"
  // (a READONLY) must not reach the observer crossed.
  absl::MutexLock changing(&availability_mu_);
  if (available_.exchange(available, std::memory_order_acq_rel) == available) return;
  if (!available) {
    std::vector<std::unique_ptr<Connection>> stale;  // freed once the lock is released
    absl::MutexLock lock(&mu_);
    stale = CutOffConnections();
  }
  if (observer_ != nullptr) observer_->OnAvailability(available);
}

void RedisClient::NoticeRefusals(const std::vector<RedisReply>& replies,
                                 const RedisEndpoint& server) {
  bool demoted = false, ask = false;
  for (const RedisReply& reply : replies) {
    if (!reply.is_error()) continue;
    demoted = demoted || absl::StartsWith(reply.str, "READONLY");
    ask = ask || absl::StartsWith(reply.str, "NOREPLICAS");
  }
  if (!demoted && !ask) return;
  // The primary is a replica now: nothing more goes to it until the probe finds the new one.
  // (A READONLY from a server that is no longer the primary says nothing about the one that is.)
  if (demoted && !options_.sentinels.empty() && server == primary()) SetAvailable(false);
  absl::MutexLock lock(&mu_);
  probe_now_ = true;
}

absl::StatusOr<std::unique_ptr<RedisClient::Connection>> RedisClient::Acquire(bool fresh) {
  if (!available()) return Unavailable();
  std::unique_ptr<Connection> closed;  // an idle one given up for a fresh one, freed unlocked
  {
    absl::MutexLock lock(&mu_);
    auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < options_.pool_size;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&room), options_.pool_wait)) {
      return absl::UnavailableError("redis connection pool exhausted");
    }
    if (fresh && open_ >= options_.pool_size) {
      closed = std::move(idle_.back());
      idle_.pop_back();
      --open_;
    }
    if (!fresh && !idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      in_use_.insert(conn.get());
      return conn;  // SetAvailable(false) from here on cuts it off.
    }
    ++open_;
  }
  auto conn = Dial(options_.connect_timeout, options_.command_timeout);
  absl::MutexLock lock(&mu_);
  if (!conn.ok()) {
    --open_;
    return conn.status();
  }
  in_use_.insert(conn->get());
  if (!available() || !((*conn)->server == primary())) {
    // Redis stopped answering, or the sentinels named another primary, while this one was
    // dialled, after the others were cut off.
    in_use_.erase(conn->get());
    --open_;
    return Unavailable();
  }
  return conn;
}

void RedisClient::DropIdle() {
  std::vector<std::unique_ptr<Connection>> stale;
  {
    absl::MutexLock lock(&mu_);
    stale.swap(idle_);
    open_ -= static_cast<int>(stale.size());
  }
}

void RedisClient::Release(std::unique_ptr<Connection> conn, bool healthy) {
  absl::MutexLock lock(&mu_);
  in_use_.erase(conn.get());
  if (healthy && !conn->cut_off.load(std::memory_order_acquire) && available() &&
      conn->server == primary()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
    // Freed here, under the lock: SetAvailable never sees a connection that is gone.
    conn.reset();
  }
}

absl::StatusOr<std::vector<RedisReply>> RedisClient::RoundTripOnce(
    const std::vector<std::vector<std::string>>& commands, bool fresh, bool wait,
    bool* connection_error) {
  *connection_error = false;
  auto conn_or = Acquire(fresh);
  if (!conn_or.ok()) {
    *connection_error = true;
    return conn_or.status();
  }
  std::unique_ptr<Connection> conn = std::move(conn_or).value();
  for (const auto& argv : commands) {
    std::vector<const char*> ptrs;
    std::vector<size_t> lens;
    ptrs.reserve(argv.size());
    lens.reserve(argv.size());
    for (const auto& a : argv) {
      ptrs.push_back(a.data());
      lens.push_back(a.size());
    }
    redisAppendCommandArgv(conn->ctx, static_cast<int>(argv.size()), ptrs.data(), lens.data());
  }
  if (wait) {
    // redisAppendCommandArgv copies its arguments into the output buffer at once.
    const std::string wait_replicas = absl::StrCat(options_.wait_replicas);
    const std::string wait_ms = absl::StrCat(absl::ToInt64Milliseconds(options_.wait_timeout));
    const char* argv[] = {"WAIT", wait_replicas.c_str(), wait_ms.c_str()};
    const size_t lens[] = {4, wait_replicas.size(), wait_ms.size()};
    redisAppendCommandArgv(conn->ctx, 3, argv, lens);
  }
  const size_t expected = commands.size() + (wait ? 1 : 0);
  std::vector<RedisReply> replies;
  replies.reserve(expected);
  for (size_t i = 0; i < expected; ++i) {
    void* raw = nullptr;
    if (redisGetReply(conn->ctx, &raw) != REDIS_OK || raw == nullptr) {
      bool timed_out = conn->ctx->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);
      std::string why = conn->ctx->errstr;
      const bool cut_off = conn->cut_off.load(std::memory_order_acquire);
      Release(std::move(conn), /*healthy=*/false);
      if (cut_off) {
        // Sent, perhaps applied: the same answer as a command timeout, sooner.
        return absl::DeadlineExceededError(
            absl::StrCat("redis at ", ServerName(), " stopped answering (down or stalled ", "for ",
                         absl::FormatDuration(options_.stall_after),
                         ") while the command was in flight; its outcome is unknown"));
      }
      if (timed_out) {
        return absl::DeadlineExceededError("redis command timed out; its outcome is unknown");
      }
      // Idle connections opened before this failure most likely share its cause (Redis
      // restarted, the network path broke): none of them is handed out again.
      DropIdle();
      // Nothing was read back: the request may or may not have been applied.
      *connection_error = i == 0;
      return absl::UnavailableError(absl::StrCat("redis connection failed: ", why));
    }
    auto* reply = static_cast<redisReply*>(raw);
    replies.push_back(CopyReply(reply));
    freeReplyObject(reply);
  }
  const RedisEndpoint server = conn->server;
  Release(std::move(conn), /*healthy=*/true);
  NoticeRefusals(replies, server);
  if (!wait) return replies;
  const RedisReply acked = std::move(replies.back());
  replies.pop_back();
  const bool wrote = std::any_of(replies.begin(), replies.end(),
                                 [](const RedisReply& r) { return !r.is_error(); });
  if (wrote &&
      (acked.type != RedisReply::Type::kInteger || acked.integer < options_.wait_replicas)) {
    // Applied on the primary, not known to be on a replica: a failover now would drop it.
    return absl::DeadlineExceededError(absl::StrCat(
        "the write was applied on the Redis primary but ",
        acked.type == RedisReply::Type::kInteger ? absl::StrCat(acked.integer)
                                                 : absl::StrCat("no (", acked.str, ")"),
        " of the ", options_.wait_replicas, " replica(s) required confirmed it within ",
        absl::FormatDuration(options_.wait_timeout),
        "; a failover may still drop it, so its outcome is unknown"));
  }
  return replies;
}

absl::StatusOr<std::vector<RedisReply>> RedisClient::RoundTrip(
    const std::vector<std::vector<std::string>>& commands, Retry retry, Durability durability) {
  absl::Time start = absl::Now();
  bool connection_error = false;
  const bool wait = durability == Durability::kReplicated && options_.wait_replicas > 0;
  auto result = RoundTripOnce(commands, /*fresh=*/false, wait, &connection_error);
  if (!result.ok() && connection_error && retry == Retry::kOnConnectionError) {
    // A pooled connection may have gone stale (Redis restarted): one attempt on a newly dialled
    // connection, never another pooled one, which would be just as stale.
    result = RoundTripOnce(commands, /*fresh=*/true, wait, &connection_error);
  }
  if (observer_ != nullptr && !commands.empty() && !commands[0].empty()) {
    observer_->OnRoundTrip(commands.size() == 1 ? commands[0][0] : "PIPELINE", absl::Now() - start,
                           result.ok());
  }
  return result;
}

absl::StatusOr<RedisReply> RedisClient::Command(const std::vector<std::string>& argv, Retry retry) {
  auto replies = RoundTrip({argv}, retry, Durability::kApplied);
  if (!replies.ok()) {
    return replies.status();
  }
  RedisReply reply = std::move((*replies)[0]);
  if (reply.is_error()) {
    return RedisErrorReplyStatus(absl::StrCat("redis ", argv[0], ": "), reply.str);
  }
  return reply;
}

absl::StatusOr<std::vector<RedisReply>> RedisClient::Pipeline(
    const std::vector<std::vector<std::string>>& commands, Retry retry, Durability durability) {
  if (commands.empty()) {
    return std::vector<RedisReply>{};
  }
  return RoundTrip(commands, retry, durability);
}

absl::StatusOr<RedisReply> RedisClient::Eval(const RedisScript& script,
                                             const std::vector<std::string>& keys,
                                             const std::vector<std::string>& args, Retry retry,
                                             Durability durability) {
  std::vector<std::string> argv;
  argv.reserve(3 + keys.size() + args.size());
  argv.push_back("EVALSHA");
  argv.push_back(script.sha());
  argv.push_back(std::to_string(keys.size()));
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  auto replies = RoundTrip({argv}, retry, durability);
  if (!replies.ok()) {
    return replies.status();
  }
  RedisReply reply = std::move((*replies)[0]);
  if (reply.is_error() && absl::StartsWith(reply.str, "NOSCRIPT")) {
    argv[0] = "EVAL";
    argv[1] = script.source();
    replies = RoundTrip({argv}, retry, durability);
    if (!replies.ok()) {
      return replies.status();
    }
    reply = std::move((*replies)[0]);
  }
  if (reply.is_error()) return RedisErrorReplyStatus("redis script: ", reply.str);
  return reply;
}

absl::Status RedisClient::Ping() {
  auto reply = Command({"PING"}, Retry::kOnConnectionError);
  return reply.status();
}

}  // namespace civitas
