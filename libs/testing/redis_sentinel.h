// RedisSentinel: a real Redis Sentinel (redis-server --sentinel) for tests, on a free port with
// its config in a fresh temp dir, watching one primary under a name.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/redis/sentinel.h"
#include "libs/testing/subprocess.h"

namespace civitas::testing {

struct RedisSentinelConfig {
  std::string master = "civitas";
  int primary_port = 0;
  // Replicas the sentinel knows from the start (it would learn them from the primary's INFO
  // only after 10 s).
  std::vector<int> replica_ports;
  // Sentinels that must agree the primary is down before one of them fails it over.
  int quorum = 2;
  absl::Duration down_after = absl::Milliseconds(500);
  absl::Duration failover_timeout = absl::Seconds(3);
};

// Owns the process and its directory; not thread-safe.
class RedisSentinel {
 public:
  // Starts it and waits until it answers and knows the primary.
  static absl::StatusOr<std::unique_ptr<RedisSentinel>> Start(RedisSentinelConfig config);
  ~RedisSentinel();

  int port() const { return port_; }
  RedisEndpoint endpoint() const { return {"127.0.0.1", port_}; }
  // The primary this sentinel names now.
  absl::StatusOr<RedisEndpoint> Primary() const;
  // SENTINEL FAILOVER: promotes a replica now, without asking the others (a planned switch).
  absl::Status Failover() const;

 private:
  RedisSentinel() = default;
  RedisSentinelConfig config_;
  int port_ = 0;
  std::string dir_;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace civitas::testing
