// A consumer process for the SIGKILL test: consumes a stream into the applied-events projection,
// slowly, until killed. Prints `ready` once its group exists.
// Usage: event_consumer_probe <redis host:port> <stream> <group> <consumer> <projection prefix>
//                             <batch size> <delay per event, ms>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "libs/events/event_consumer.h"
#include "libs/store/redis_document_store.h"
#include "tests/integration/events/applied_events_projection.h"

int main(int argc, char** argv) {
  int batch = 0;
  int delay_ms = 0;
  if (argc != 8 || !absl::SimpleAtoi(argv[6], &batch) || !absl::SimpleAtoi(argv[7], &delay_ms)) {
    std::fprintf(stderr, "usage: %s redis stream group consumer prefix batch delay_ms\n", argv[0]);
    return 2;
  }
  auto redis_options = civitas::ParseRedisAddress(argv[1]);
  if (!redis_options.ok()) {
    std::fprintf(stderr, "%s\n", redis_options.status().ToString().c_str());
    return 2;
  }
  civitas::RedisClient redis(*redis_options);
  civitas::RedisDocumentStore projection(&redis, {argv[5]});
  civitas::JsonLogger logger("event_consumer_probe");
  civitas::events::EventConsumerOptions options;
  options.stream = argv[2];
  options.group = argv[3];
  options.consumer = argv[4];
  options.batch_size = batch;
  civitas::events::EventConsumer consumer(
      &redis, options,
      [&](const civitas::events::DeliveredEvent& e) -> absl::Status {
        auto applied = civitas::testing::ApplyOnce(projection, e);
        absl::SleepFor(absl::Milliseconds(delay_ms));
        return applied.status();
      },
      &logger);
  if (absl::Status s = consumer.Start(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("ready\n");
  std::fflush(stdout);
  pause();  // until killed
  return 0;
}
