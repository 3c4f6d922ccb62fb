#include "libs/metrics/redis_metrics.h"

#include "libs/metrics/metrics_exposer.h"

namespace civitas {

RedisMetrics::RedisMetrics(prometheus::Registry& registry)
    : calls_(prometheus::BuildCounter()
                 .Name("civitas_redis_calls_total")
                 .Help("Redis round trips by command and outcome")
                 .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("civitas_redis_call_duration_seconds")
                   .Help("Redis round-trip latency by command")
                   .Register(registry)) {}

void RedisMetrics::OnRoundTrip(absl::string_view command, absl::Duration latency, bool ok) {
  std::string cmd(command);
  calls_.Add({{"command", cmd}, {"result", ok ? "ok" : "error"}}).Increment();
  latency_.Add({{"command", cmd}}, LatencyBuckets()).Observe(absl::ToDoubleSeconds(latency));
}

}  // namespace civitas
