// EventConsumerMetrics: what event consumers do, as Prometheus series labelled by stream and
// group: `civitas_event_consumer_lag` (entries not yet acknowledged),
// `civitas_event_consumer_handled_total`, `civitas_event_consumer_failed_total` (handler
// failures, each retried later) and `civitas_event_consumer_dead_lettered_total`.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "libs/events/event_consumer.h"

namespace civitas {

// Thread-safe (prometheus-cpp families are).
class EventConsumerMetrics final : public events::EventConsumerObserver {
 public:
  explicit EventConsumerMetrics(prometheus::Registry& registry);
  void OnHandled(const std::string& stream, const std::string& group) override;
  void OnFailed(const std::string& stream, const std::string& group) override;
  void OnDeadLettered(const std::string& stream, const std::string& group) override;
  void OnLag(const std::string& stream, const std::string& group, int64_t entries) override;

 private:
  prometheus::Family<prometheus::Gauge>& lag_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Counter>& failed_;
  prometheus::Family<prometheus::Counter>& dead_lettered_;
};

}  // namespace civitas
