// RedisServer: a real redis-server for integration tests, on a free port, with its data in a
// fresh temp dir and the durability settings of deploy/redis.conf (appendonly, fsync always).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/redis/redis_client.h"
#include "libs/testing/subprocess.h"

namespace civitas::testing {

// Owns the server process and its directory; not thread-safe.
class RedisServer {
 public:
  // Starts redis-server (found on PATH or at /usr/bin/redis-server) and waits until it answers.
  // `extra` are more command-line settings (`--replicaof`, `--min-replicas-to-write`...), kept
  // across restarts.
  static absl::StatusOr<std::unique_ptr<RedisServer>> Start(std::vector<std::string> extra = {});
  ~RedisServer();

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  RedisOptions options() const;
  // Kills the server with SIGKILL (no shutdown save) and starts it again on the same port and dir.
  absl::Status KillAndRestart();
  void Kill();
  // Starts a killed server again on the same port and dir.
  absl::Status Restart();
  bool running() const { return process_ != nullptr; }
  // SIGSTOP / SIGCONT: a Redis that stalls (its connections stay open, nothing answers).
  void Pause();
  void Resume();

 private:
  RedisServer() = default;
  absl::Status Launch();

  int port_ = 0;
  std::string dir_;
  std::vector<std::string> extra_;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace civitas::testing
