#include "libs/events/stream_retention.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/events/event_scripts.h"

namespace civitas::events {

StreamRetention::StreamRetention(RedisClient* redis, StreamRetentionOptions options,
                                 JsonLogger* logger)
    : redis_(redis),
      options_(std::move(options)),
      logger_(logger),
      trim_script_(kTrimScriptSource) {}

StreamRetention::~StreamRetention() { Stop(); }

absl::StatusOr<TrimResult> StreamRetention::TrimOnce() {
  // Trimming again after a lost reply removes nothing the first call did not allow.
  auto reply = redis_->Eval(trim_script_, {options_.stream},
                            {absl::StrCat(absl::ToInt64Milliseconds(options_.min_age))},
                            Retry::kOnConnectionError);
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->elements.size() != 2) {
    return absl::InternalError("malformed redis reply to the trim script");
  }
  return TrimResult{reply->elements[0].str, reply->elements[1].integer};
}

void StreamRetention::Start() {
  thread_ = std::thread([this] {
    while (true) {
      {
        absl::MutexLock lock(&mu_);
        if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.interval)) {
          return;
        }
      }
      auto trimmed = TrimOnce();
      if (!trimmed.ok()) {
        logger_->Log("warn", "stream trim failed",
                     {{"stream", options_.stream}, {"error", trimmed.status().ToString()}});
      } else if (trimmed->removed > 0) {
        logger_->Log("info", "stream trimmed",
                     {{"stream", options_.stream}, {"threshold", trimmed->threshold}},
                     {{"removed", absl::StrCat(trimmed->removed)}});
      }
    }
  });
}

void StreamRetention::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) {
    thread_.join();
  }
}

}  // namespace civitas::events
