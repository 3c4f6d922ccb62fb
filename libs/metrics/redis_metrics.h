// RedisMetrics: Redis round-trip counts and latency per Redis server and command, whether each
// server answers its client's probe and how often it stopped, each server's client observed
// through its own RedisObserver.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "libs/redis/redis_client.h"

namespace civitas {

// Thread-safe (prometheus-cpp families are).
class RedisMetrics {
 public:
  explicit RedisMetrics(prometheus::Registry& registry);
  RedisMetrics(const RedisMetrics&) = delete;
  RedisMetrics& operator=(const RedisMetrics&) = delete;

  // The observer for the client of the Redis at `server` (`host:port`, never a password): its
  // round trips are labelled `redis="<server>"`, so that a service whose partitions live on
  // several Redis servers shows each one's load and latency. The same one for the same server;
  // it lives as long as this.
  RedisObserver* ForServer(const std::string& server);

 private:
  class Server final : public RedisObserver {
   public:
    Server(RedisMetrics* metrics, std::string server)
        : metrics_(metrics), server_(std::move(server)) {}
    void OnRoundTrip(absl::string_view command, absl::Duration latency, bool ok) override;
    void OnAvailability(bool available) override;
    void OnPrimaryChanged(const RedisEndpoint& primary) override;

   private:
    RedisMetrics* const metrics_;
    const std::string server_;
  };

  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Family<prometheus::Gauge>& available_;
  prometheus::Family<prometheus::Counter>& outages_;
  prometheus::Family<prometheus::Counter>& primary_changes_;
  absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<Server>> servers_ ABSL_GUARDED_BY(mu_);
};

// `host:port` of a client's options (through Sentinel, `sentinel/<master>`): how RedisMetrics
// names its server.
std::string RedisServerName(const RedisOptions& options);

}  // namespace civitas
