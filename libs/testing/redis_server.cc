#include "libs/testing/redis_server.h"

#include <signal.h>

#include "absl/strings/str_cat.h"

namespace civitas::testing {

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::Start(std::vector<std::string> extra) {
  auto server = std::unique_ptr<RedisServer>(new RedisServer());
  server->extra_ = std::move(extra);
  server->dir_ = MakeTempDir("civitas-redis");
  if (server->dir_.empty()) {
    return absl::InternalError("cannot create a temp dir for redis");
  }
  absl::Status last;
  // The free port can be taken between picking and binding; try a few.
  for (int attempt = 0; attempt < 5; ++attempt) {
    server->port_ = PickFreePort();
    last = server->Launch();
    if (last.ok()) {
      return server;
    }
  }
  return last;
}

RedisOptions RedisServer::options() const {
  RedisOptions o;
  o.host = "127.0.0.1";
  o.port = port_;
  return o;
}

absl::Status RedisServer::Launch() {
  std::vector<std::string> argv = {"/usr/bin/redis-server",
                                   "--port",
                                   std::to_string(port_),
                                   "--bind",
                                   "127.0.0.1",
                                   "--dir",
                                   dir_,
                                   "--appendonly",
                                   "yes",
                                   "--appendfsync",
                                   "always",
                                   "--save",
                                   "",
                                   "--daemonize",
                                   "no",
                                   "--logfile",
                                   absl::StrCat(dir_, "/redis.log")};
  argv.insert(argv.end(), extra_.begin(), extra_.end());
  auto proc = Subprocess::Start(argv);
  if (!proc.ok()) {
    return proc.status();
  }
  process_ = std::make_unique<Subprocess>(std::move(proc).value());
  RedisOptions o = options();
  o.pool_size = 1;
  o.connect_timeout = absl::Milliseconds(200);
  o.probe_interval = absl::ZeroDuration();
  RedisClient probe(o);
  bool up = WaitFor([&] { return process_->Running() && probe.Ping().ok(); }, absl::Seconds(10));
  if (!up) {
    process_.reset();
    return absl::UnavailableError(absl::StrCat("redis-server did not start on port ", port_, ": ",
                                               ReadFile(absl::StrCat(dir_, "/redis.log"))));
  }
  return absl::OkStatus();
}

void RedisServer::Kill() {
  if (process_ != nullptr) {
    process_->Stop(SIGKILL);
    process_.reset();
  }
}

void RedisServer::Pause() {
  if (process_ != nullptr) kill(process_->pid(), SIGSTOP);
}

void RedisServer::Resume() {
  if (process_ != nullptr) kill(process_->pid(), SIGCONT);
}

absl::Status RedisServer::KillAndRestart() {
  Kill();
  return Launch();
}

absl::Status RedisServer::Restart() {
  if (process_ != nullptr) return absl::FailedPreconditionError("redis-server is running");
  return Launch();
}

RedisServer::~RedisServer() {
  if (process_ != nullptr) {
    process_->Stop(SIGTERM);
  }
  std::system(absl::StrCat("rm -rf '", dir_, "'").c_str());
}

}  // namespace civitas::testing
