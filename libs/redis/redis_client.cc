#include "libs/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <openssl/evp.h>
#include <sys/socket.h>

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
  // Set (under the client's mutex) when the probe cut this connection off.
  std::atomic<bool> cut_off{false};
  ~Connection() {
    if (ctx != nullptr) {
      redisFree(ctx);
    }
  }
};

absl::StatusOr<RedisOptions> ParseRedisAddress(absl::string_view address) {
  RedisOptions options;
  absl::string_view rest = address;
  absl::ConsumePrefix(&rest, "redis://");
  if (auto at = rest.rfind('@'); at != absl::string_view::npos) {
    absl::string_view auth = rest.substr(0, at);
    absl::ConsumePrefix(&auth, ":");
    options.password = std::string(auth);
    rest = rest.substr(at + 1);
  }
  std::vector<std::string> parts = absl::StrSplit(rest, absl::MaxSplits(':', 1));
  if (parts.size() != 2 || parts[0].empty() || !absl::SimpleAtoi(parts[1], &options.port) ||
      options.port <= 0 || options.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("redis address '", address, "' must be host:port"));
  }
  options.host = parts[0];
  return options;
}

RedisScript::RedisScript(std::string source) : source_(std::move(source)) {
  sha_ = Sha1Hex(source_);
}

RedisClient::RedisClient(RedisOptions options, RedisObserver* observer)
    : options_(std::move(options)), observer_(observer) {
  if (options_.probe_interval > absl::ZeroDuration()) probe_ = std::thread([this] { Probe(); });
}

RedisClient::~RedisClient() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (probe_.joinable()) probe_.join();
}

absl::StatusOr<std::unique_ptr<RedisClient::Connection>> RedisClient::Dial(
    absl::Duration connect_timeout, absl::Duration command_timeout) const {
  auto conn = std::make_unique<Connection>();
  conn->ctx =
      redisConnectWithTimeout(options_.host.c_str(), options_.port, AsTimeval(connect_timeout));
  auto fail = [this](absl::string_view why) {
    return absl::UnavailableError(
        absl::StrCat("redis at ", options_.host, ":", options_.port, " unreachable: ", why));
  };
  if (conn->ctx == nullptr) return fail("out of memory");
  if (conn->ctx->err != 0) return fail(conn->ctx->errstr);
  redisSetTimeout(conn->ctx, AsTimeval(command_timeout));
  if (!options_.password.empty()) {
    auto* r =
        static_cast<redisReply*>(redisCommand(conn->ctx, "AUTH %s", options_.password.c_str()));
    bool ok = r != nullptr && r->type != REDIS_REPLY_ERROR;
    if (r != nullptr) freeReplyObject(r);
    if (!ok) return fail("authentication failed");
  }
  return conn;
}

absl::Status RedisClient::Unavailable() const {
  absl::Status out = absl::UnavailableError(absl::StrCat(
      "redis at ", options_.host, ":", options_.port, " is not answering (down or stalled for ",
      absl::FormatDuration(options_.stall_after), "); nothing was sent; retry later"));
  out.SetPayload(kRedisNothingSentPayload, absl::Cord("1"));
  return out;
}

void RedisClient::Probe() {
  std::unique_ptr<Connection> conn;
  // PING on the probe's connection, dialled first if there is none: whether Redis answered, and
  // whether it timed out (no answer) rather than the connection failing.
  auto ping = [&](bool* timed_out) {
    *timed_out = false;
    if (conn == nullptr) {
      auto dialled = Dial(options_.stall_after, options_.stall_after);
      if (!dialled.ok()) return false;
      conn = *std::move(dialled);
    }
    auto* r = static_cast<redisReply*>(redisCommand(conn->ctx, "PING"));
    const bool answered = r != nullptr && r->type != REDIS_REPLY_ERROR;
    if (r != nullptr) freeReplyObject(r);
    if (r == nullptr) {
      *timed_out = conn->ctx->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);
      conn.reset();
    }
    return answered;
  };
  while (true) {
    bool timed_out = false;
    bool answered = ping(&timed_out);
    // A connection that failed without a timeout may only be stale (Redis restarted since it
    // was dialled): a fresh one decides. A PING that timed out is a stall as it stands.
    if (!answered && !timed_out) answered = ping(&timed_out);
    SetAvailable(answered);
    absl::MutexLock lock(&mu_);
    if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.probe_interval)) return;
  }
}

void RedisClient::SetAvailable(bool available) {
  if (available_.exchange(available, std::memory_order_acq_rel) == available) return;
  if (!available) {
    std::vector<std::unique_ptr<Connection>> stale;
    absl::MutexLock lock(&mu_);
    // Callers blocked on a stalled Redis get their answer now, not at the command timeout:
    // shutting the socket's reading side down makes their read end at once. Not the writing
    // side: a caller about to send would get SIGPIPE.
    for (Connection* conn : in_use_) {
      conn->cut_off.store(true, std::memory_order_release);
      shutdown(conn->ctx->fd, SHUT_RD);
    }
    stale.swap(idle_);
    open_ -= static_cast<int>(stale.size());
  }
  if (observer_ != nullptr) observer_->OnAvailability(available);
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
  if (!available()) {
    // Redis stopped answering while this one was dialled, after SetAvailable cut the others off.
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
  if (healthy && !conn->cut_off.load(std::memory_order_acquire) && available()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
    // Freed here, under the lock: SetAvailable never sees a connection that is gone.
    conn.reset();
  }
}

absl::StatusOr<std::vector<RedisReply>> RedisClient::RoundTripOnce(
    const std::vector<std::vector<std::string>>& commands, bool fresh, bool* connection_error) {
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
  std::vector<RedisReply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(conn->ctx, &raw) != REDIS_OK || raw == nullptr) {
      bool timed_out = conn->ctx->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);
      std::string why = conn->ctx->errstr;
      const bool cut_off = conn->cut_off.load(std::memory_order_acquire);
      Release(std::move(conn), /*healthy=*/false);
      if (cut_off) {
        // Sent, perhaps applied: the same answer as a command timeout, sooner.
        return absl::DeadlineExceededError(absl::StrCat(
            "redis at ", options_.host, ":", options_.port, " stopped answering (down or stalled ",
            "for ", absl::FormatDuration(options_.stall_after),
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
  Release(std::move(conn), /*healthy=*/true);
  return replies;
}

absl::StatusOr<std::vector<RedisReply>> RedisClient::RoundTrip(
    const std::vector<std::vector<std::string>>& commands, Retry retry) {
  absl::Time start = absl::Now();
  bool connection_error = false;
  auto result = RoundTripOnce(commands, /*fresh=*/false, &connection_error);
  if (!result.ok() && connection_error && retry == Retry::kOnConnectionError) {
    // A pooled connection may have gone stale (Redis restarted): one attempt on a newly dialled
    // connection, never another pooled one, which would be just as stale.
    result = RoundTripOnce(commands, /*fresh=*/true, &connection_error);
  }
  if (observer_ != nullptr && !commands.empty() && !commands[0].empty()) {
    observer_->OnRoundTrip(commands.size() == 1 ? commands[0][0] : "PIPELINE", absl::Now() - start,
                           result.ok());
  }
  return result;
}

absl::StatusOr<RedisReply> RedisClient::Command(const std::vector<std::string>& argv, Retry retry) {
  auto replies = RoundTrip({argv}, retry);
  if (!replies.ok()) {
    return replies.status();
  }
  RedisReply reply = std::move((*replies)[0]);
  if (reply.is_error()) {
    return absl::InternalError(absl::StrCat("redis ", argv[0], ": ", reply.str));
  }
  return reply;
}

absl::StatusOr<std::vector<RedisReply>> RedisClient::Pipeline(
    const std::vector<std::vector<std::string>>& commands, Retry retry) {
  if (commands.empty()) {
    return std::vector<RedisReply>{};
  }
  return RoundTrip(commands, retry);
}

absl::StatusOr<RedisReply> RedisClient::Eval(const RedisScript& script,
                                             const std::vector<std::string>& keys,
                                             const std::vector<std::string>& args, Retry retry) {
  std::vector<std::string> argv;
  argv.reserve(3 + keys.size() + args.size());
  argv.push_back("EVALSHA");
  argv.push_back(script.sha());
  argv.push_back(std::to_string(keys.size()));
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  auto replies = RoundTrip({argv}, retry);
  if (!replies.ok()) {
    return replies.status();
  }
  RedisReply reply = std::move((*replies)[0]);
  if (reply.is_error() && absl::StartsWith(reply.str, "NOSCRIPT")) {
    argv[0] = "EVAL";
    argv[1] = script.source();
    replies = RoundTrip({argv}, retry);
    if (!replies.ok()) {
      return replies.status();
    }
    reply = std::move((*replies)[0]);
  }
  if (reply.is_error()) {
    return absl::InternalError(absl::StrCat("redis script: ", reply.str));
  }
  return reply;
}

absl::Status RedisClient::Ping() {
  auto reply = Command({"PING"}, Retry::kOnConnectionError);
  return reply.status();
}

}  // namespace civitas
