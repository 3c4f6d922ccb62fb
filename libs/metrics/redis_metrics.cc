#include "libs/metrics/redis_metrics.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/metrics/metrics_exposer.h"

namespace civitas {

RedisMetrics::RedisMetrics(prometheus::Registry& registry)
    : calls_(prometheus::BuildCounter()
                 .Name("civitas_redis_calls_total")
                 .Help("Redis round trips by Redis server, command and outcome")
                 .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("civitas_redis_call_duration_seconds")
                   .Help("Redis round-trip latency by Redis server and command")
                   .Register(registry)),
      available_(prometheus::BuildGauge()
                     .Name("civitas_redis_available")
                     .Help("1 while the Redis server answers the client's probe, else 0 (requests "
                           "fail fast)")
                     .Register(registry)),
      outages_(prometheus::BuildCounter()
                   .Name("civitas_redis_outages_total")
                   .Help("times the Redis server stopped answering the client's probe")
                   .Register(registry)),
      primary_changes_(prometheus::BuildCounter()
                           .Name("civitas_redis_primary_changes_total")
                           .Help("times Redis Sentinel named another primary (failovers followed)")
                           .Register(registry)) {}

RedisObserver* RedisMetrics::ForServer(const std::string& server) {
  absl::MutexLock lock(&mu_);
  std::unique_ptr<Server>& observer = servers_[server];
  if (observer == nullptr) {
    observer = std::make_unique<Server>(this, server);
    available_.Add({{"redis", server}}).Set(1);
    outages_.Add({{"redis", server}});
    primary_changes_.Add({{"redis", server}});
  }
  return observer.get();
}

void RedisMetrics::Server::OnRoundTrip(absl::string_view command, absl::Duration latency, bool ok) {
  std::string cmd(command);
  metrics_->calls_.Add({{"redis", server_}, {"command", cmd}, {"result", ok ? "ok" : "error"}})
      .Increment();
  metrics_->latency_.Add({{"redis", server_}, {"command", cmd}}, LatencyBuckets())
      .Observe(absl::ToDoubleSeconds(latency));
}

void RedisMetrics::Server::OnAvailability(bool available) {
  metrics_->available_.Add({{"redis", server_}}).Set(available ? 1 : 0);
  if (!available) metrics_->outages_.Add({{"redis", server_}}).Increment();
}

std::string RedisServerName(const RedisOptions& options) {
  // Through Sentinel the primary moves: the group is what stays.
  if (!options.sentinels.empty()) return absl::StrCat("sentinel/", options.sentinel_master);
  return absl::StrCat(options.host, ":", options.port);
}

void RedisMetrics::Server::OnPrimaryChanged(const RedisEndpoint& primary) {
  metrics_->primary_changes_.Add({{"redis", server_}}).Increment();
}

}  // namespace civitas
