#include "libs/events/event_consumer.h"

#include <unistd.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/backoff.h"

namespace civitas::events {
namespace {

constexpr absl::Duration kMinBackoff = absl::Milliseconds(50);
constexpr int kMaxBatchSize = 1000;

EventConsumerOptions WithDefaults(EventConsumerOptions options) {
  if (options.dead_letter_stream.empty()) {
    options.dead_letter_stream = absl::StrCat(options.stream, ":dead");
  }
  return options;
}

absl::Status CheckOptions(const EventConsumerOptions& o, absl::Duration redis_timeout) {
  auto bad = [](absl::string_view option, absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("event consumer option ", option, " ", why));
  };
  if (o.stream.empty()) return bad("stream", "is required");
  if (o.group.empty()) return bad("group", "is required");
  if (o.consumer.empty()) return bad("consumer", "is required");
  if (o.start_id.empty()) return bad("start_id", "is required (`0` or `$`)");
  if (o.batch_size < 1 || o.batch_size > kMaxBatchSize) {
    return bad("batch_size", absl::StrCat("must be within [1, ", kMaxBatchSize, "]"));
  }
  if (o.block <= absl::ZeroDuration() || o.block >= redis_timeout) {
    return bad("block",
               absl::StrCat("must be positive and shorter than the Redis command timeout (",
                            absl::FormatDuration(redis_timeout), ")"));
  }
  if (o.claim_idle <= absl::ZeroDuration()) return bad("claim_idle", "must be positive");
  if (o.max_attempts < 1) return bad("max_attempts", "must be at least 1");
  if (o.lag_interval <= absl::ZeroDuration()) return bad("lag_interval", "must be positive");
  if (o.max_backoff < kMinBackoff) return bad("max_backoff", "must be at least 50ms");
  return absl::OkStatus();
}

}  // namespace

std::string DefaultConsumerName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) {
    host[0] = '\0';
  }
  return absl::StrCat(host[0] != '\0' ? host : "consumer", "-", getpid());
}

EventConsumer::EventConsumer(RedisClient* redis, EventConsumerOptions options, EventHandler handler,
                             JsonLogger* logger, EventConsumerObserver* observer)
    : options_(WithDefaults(std::move(options))),
      handler_(std::move(handler)),
      logger_(logger),
      observer_(observer),
      redis_timeout_(redis->options().command_timeout),
      group_(redis, options_.stream, options_.group, options_.dead_letter_stream) {}

EventConsumer::~EventConsumer() { Stop(); }

absl::Status EventConsumer::Start() {
  if (absl::Status s = CheckOptions(options_, redis_timeout_); !s.ok()) {
    return s;
  }
  // Redis may not answer yet (starting, loading its data): the consumer's own loop creates the
  // group once it does (a missing group is created again there), so the service starts anyway.
  if (absl::Status s = group_.Create(options_.start_id); !s.ok()) {
    logger_->Log("warn", "consumer group not created yet; the consumer retries",
                 {{"stream", options_.stream}, {"group", options_.group}, {"error", s.ToString()}});
  }
  thread_ = std::thread([this] { Run(); });
  return absl::OkStatus();
}

void EventConsumer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) {
    thread_.join();
  }
}

bool EventConsumer::stopping() {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

void EventConsumer::Pause(absl::Duration d) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), d);
}

void EventConsumer::Run() {
  Backoff backoff({.initial = kMinBackoff, .max = options_.max_backoff});
  while (!stopping()) {
    absl::Status status = Poll();
    if (status.ok()) {
      backoff.Reset();
      continue;
    }
    logger_->Log(
        "warn", "event consumer round failed; retrying",
        {{"stream", options_.stream}, {"group", options_.group}, {"error", status.ToString()}},
        {{"backoff_ms", absl::StrCat(absl::ToInt64Milliseconds(backoff.bound()))}});
    if (IsMissingGroup(status)) {
      // Redis lost the group (and perhaps the stream) with its data: start over from what the
      // stream holds now.
      if (absl::Status created = group_.Create(options_.start_id); !created.ok()) {
        status = created;
      }
    }
    // Full jitter: consumers that failed together do not retry together.
    Pause(backoff.Next());
  }
}

absl::Status EventConsumer::Poll() {
  absl::Time now = absl::Now();
  if (now >= next_claim_) {
    auto claimed = group_.ClaimIdle(options_.consumer, options_.claim_idle, claim_cursor_,
                                    options_.batch_size);
    if (!claimed.ok()) {
      return claimed.status();
    }
    claim_cursor_ = claimed->next_cursor;
    // A full batch means more may be waiting: claim again next round. Otherwise the pending
    // list has been scanned; look again when entries could have become idle.
    if (claimed->entries.size() < static_cast<size_t>(options_.batch_size) ||
        claim_cursor_ == "0-0") {
      next_claim_ = now + std::max(options_.claim_idle / 2, absl::Milliseconds(10));
    }
    if (absl::Status s = HandleBatch(claimed->entries); !s.ok()) {
      return s;
    }
  }
  if (now >= next_lag_) {
    auto lag = group_.Lag();
    if (!lag.ok()) {
      return lag.status();
    }
    if (observer_ != nullptr) {
      observer_->OnLag(options_.stream, options_.group, lag->undelivered + lag->pending);
    }
    next_lag_ = now + options_.lag_interval;
  }
  auto entries = group_.ReadNew(options_.consumer, options_.batch_size, options_.block);
  if (!entries.ok()) {
    return entries.status();
  }
  // Handled even when a stop was requested meanwhile: these are delivered to this consumer now.
  return HandleBatch(*entries);
}

absl::Status EventConsumer::HandleBatch(const std::vector<StreamEntry>& entries) {
  std::vector<std::string> handled;
  handled.reserve(entries.size());
  absl::Status error;
  for (const StreamEntry& entry : entries) {
    error = HandleEntry(entry, &handled);
    if (!error.ok()) {
      break;
    }
  }
  // What was handled is acknowledged even when the batch stopped early; the rest stays pending.
  absl::Status acked = group_.Ack(handled);
  return error.ok() ? acked : error;
}

absl::Status EventConsumer::HandleEntry(const StreamEntry& entry,
                                        std::vector<std::string>* handled) {
  if (entry.deliveries > options_.max_attempts) {
    // Delivered max_attempts times without an acknowledgement: each time its consumer stopped
    // before acknowledging or its handler failed.
    return DeadLetter(entry, entry.deliveries - 1,
                      absl::StrCat("not acknowledged after ", entry.deliveries - 1,
                                   " deliveries (the consumer stopped or the handler failed)"));
  }
  auto event = OutboxEventFromStreamFields(entry.fields);
  if (!event.ok()) {
    return DeadLetter(entry, entry.deliveries,
                      absl::StrCat("not an outbox event: ", event.status().message()));
  }
  absl::Status result = handler_(DeliveredEvent{entry.id, entry.deliveries, *std::move(event)});
  if (result.ok()) {
    handled->push_back(entry.id);
    if (observer_ != nullptr) observer_->OnHandled(options_.stream, options_.group);
    return absl::OkStatus();
  }
  if (observer_ != nullptr) observer_->OnFailed(options_.stream, options_.group);
  logger_->Log("warn", "event handler failed",
               {{"stream", options_.stream},
                {"group", options_.group},
                {"event_id", entry.id},
                {"error", result.ToString()}},
               {{"attempt", absl::StrCat(entry.deliveries)}});
  if (entry.deliveries >= options_.max_attempts) {
    return DeadLetter(entry, entry.deliveries, result.ToString());
  }
  return absl::OkStatus();  // left pending: claimed again after claim_idle
}

absl::Status EventConsumer::DeadLetter(const StreamEntry& entry, int64_t attempts,
                                       absl::string_view reason) {
  auto moved = group_.DeadLetter(entry.id, attempts, reason);
  if (!moved.ok()) {
    return moved.status();
  }
  if (*moved) {
    if (observer_ != nullptr) observer_->OnDeadLettered(options_.stream, options_.group);
    logger_->Log("error", "event dead-lettered",
                 {{"stream", options_.stream},
                  {"group", options_.group},
                  {"event_id", entry.id},
                  {"dead_letter_stream", options_.dead_letter_stream},
                  {"reason", std::string(reason)}},
                 {{"attempts", absl::StrCat(attempts)}});
  }
  return absl::OkStatus();
}

}  // namespace civitas::events
