#include "libs/testing/redis_sentinel.h"

#include <signal.h>

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "libs/redis/redis_client.h"

namespace civitas::testing {

absl::StatusOr<std::unique_ptr<RedisSentinel>> RedisSentinel::Start(RedisSentinelConfig config) {
  auto sentinel = std::unique_ptr<RedisSentinel>(new RedisSentinel());
  sentinel->config_ = config;
  sentinel->dir_ = MakeTempDir("civitas-sentinel");
  if (sentinel->dir_.empty()) return absl::InternalError("cannot create a temp dir for sentinel");
  absl::Status last;
  // The free port can be taken between picking and binding; try a few.
  for (int attempt = 0; attempt < 5; ++attempt) {
    sentinel->port_ = PickFreePort();
    const std::string conf = absl::StrCat(sentinel->dir_, "/sentinel.conf");
    {
      // Sentinel rewrites its config file as it learns: one file per sentinel, writable.
      std::ofstream out(conf, std::ios::trunc);
      out << "port " << sentinel->port_ << "\nbind 127.0.0.1\ndaemonize no\n"
          << "dir " << sentinel->dir_ << "\nlogfile " << sentinel->dir_ << "/sentinel.log\n"
          << "sentinel monitor " << config.master << " 127.0.0.1 " << config.primary_port << " "
          << config.quorum << "\n"
          << "sentinel down-after-milliseconds " << config.master << " "
          << absl::ToInt64Milliseconds(config.down_after) << "\n"
          << "sentinel failover-timeout " << config.master << " "
          << absl::ToInt64Milliseconds(config.failover_timeout) << "\n"
          << "sentinel parallel-syncs " << config.master << " 1\n";
      for (int replica : config.replica_ports) {
        out << "sentinel known-replica " << config.master << " 127.0.0.1 " << replica << "\n";
      }
    }
    auto proc = Subprocess::Start({"/usr/bin/redis-server", conf, "--sentinel"});
    if (!proc.ok()) return proc.status();
    sentinel->process_ = std::make_unique<Subprocess>(std::move(proc).value());
    const bool up =
        WaitFor([&] { return sentinel->process_->Running() && sentinel->Primary().ok(); },
                absl::Seconds(10));
    if (up) return sentinel;
    last = absl::UnavailableError(
        absl::StrCat("redis sentinel did not start on port ", sentinel->port_, ": ",
                     ReadFile(absl::StrCat(sentinel->dir_, "/sentinel.log"))));
    sentinel->process_.reset();
  }
  return last;
}

absl::StatusOr<RedisEndpoint> RedisSentinel::Primary() const {
  size_t first = 0;
  return AskSentinelsForPrimary({endpoint()}, config_.master, absl::Milliseconds(500), &first);
}

absl::Status RedisSentinel::Failover() const {
  RedisOptions options;
  options.port = port_;
  options.pool_size = 1;
  options.probe_interval = absl::ZeroDuration();
  RedisClient client(options);
  return client.Command({"SENTINEL", "FAILOVER", config_.master}).status();
}

RedisSentinel::~RedisSentinel() {
  if (process_ != nullptr) process_->Stop(SIGTERM);
  std::system(absl::StrCat("rm -rf '", dir_, "'").c_str());
}

}  // namespace civitas::testing
