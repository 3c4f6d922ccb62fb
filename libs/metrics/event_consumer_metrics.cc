#include "libs/metrics/event_consumer_metrics.h"

namespace civitas {

EventConsumerMetrics::EventConsumerMetrics(prometheus::Registry& registry)
    : lag_(prometheus::BuildGauge()
               .Name("civitas_event_consumer_lag")
               .Help("Stream entries the consumer group has not acknowledged (undelivered plus "
                     "pending)")
               .Register(registry)),
      handled_(prometheus::BuildCounter()
                   .Name("civitas_event_consumer_handled_total")
                   .Help("Events handled and acknowledged")
                   .Register(registry)),
      failed_(prometheus::BuildCounter()
                  .Name("civitas_event_consumer_failed_total")
                  .Help("Handler failures (the event is retried, then dead-lettered)")
                  .Register(registry)),
      dead_lettered_(prometheus::BuildCounter()
                         .Name("civitas_event_consumer_dead_lettered_total")
                         .Help("Events moved to the dead-letter stream")
                         .Register(registry)) {}

void EventConsumerMetrics::OnHandled(const std::string& stream, const std::string& group) {
  handled_.Add({{"stream", stream}, {"group", group}}).Increment();
}

void EventConsumerMetrics::OnFailed(const std::string& stream, const std::string& group) {
  failed_.Add({{"stream", stream}, {"group", group}}).Increment();
}

void EventConsumerMetrics::OnDeadLettered(const std::string& stream, const std::string& group) {
  dead_lettered_.Add({{"stream", stream}, {"group", group}}).Increment();
}

void EventConsumerMetrics::OnLag(const std::string& stream, const std::string& group,
                                 int64_t entries) {
  lag_.Add({{"stream", stream}, {"group", group}}).Set(static_cast<double>(entries));
}

}  // namespace civitas
