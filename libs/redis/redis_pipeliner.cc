#include "libs/redis/redis_pipeliner.h"

#include <algorithm>

#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"

namespace civitas {
namespace {

// How many pipeliners this thread is sending for (and running the callbacks of) right now.
thread_local int sending_on_this_thread = 0;

absl::StatusOr<RedisReply> ReplyOrError(absl::StatusOr<RedisReply> reply) {
  if (reply.ok() && reply->is_error()) return RedisErrorReplyStatus("", reply->str);
  return reply;
}

}  // namespace

RedisPipeliner::RedisPipeliner(RedisClient* client, Retry retry, Durability durability,
                               size_t max_batch)
    : client_(client),
      retry_(retry),
      durability_(durability),
      max_batch_(std::max<size_t>(1, max_batch)) {}

void RedisPipeliner::Submit(std::vector<std::string> argv, Done done) {
  {
    absl::MutexLock lock(&mu_);
    queue_.push_back({std::move(argv), std::move(done)});
    if (sending_) return;  // the sender takes it with its next batch
    sending_ = true;
  }
  SendQueued();
}

absl::StatusOr<RedisReply> RedisPipeliner::Call(std::vector<std::string> argv) {
  if (sending_on_this_thread > 0) {
    // As a batch of one, so that the reply (and an error reply's message) is as Submit's.
    absl::StatusOr<std::vector<RedisReply>> replies =
        client_->Pipeline({std::move(argv)}, retry_, durability_);
    if (!replies.ok()) return replies.status();
    return ReplyOrError(std::move((*replies)[0]));
  }
  absl::StatusOr<RedisReply> out;
  absl::Notification answered;
  Submit(std::move(argv), [&](absl::StatusOr<RedisReply> reply) {
    out = std::move(reply);
    answered.Notify();
  });
  answered.WaitForNotification();
  return out;
}

std::vector<absl::StatusOr<RedisReply>> RedisPipeliner::CallAll(
    std::vector<std::vector<std::string>> commands) {
  std::vector<absl::StatusOr<RedisReply>> out(commands.size());
  if (commands.empty()) return out;
  if (sending_on_this_thread > 0) {
    absl::StatusOr<std::vector<RedisReply>> replies =
        client_->Pipeline(commands, retry_, durability_);
    for (size_t i = 0; i < out.size(); ++i) {
      out[i] = replies.ok() ? ReplyOrError(std::move((*replies)[i])) : replies.status();
    }
    return out;
  }
  absl::BlockingCounter answered(static_cast<int>(commands.size()));
  bool send = false;
  {
    // Queued together and tied (with_next), so that they go in one batch.
    absl::MutexLock lock(&mu_);
    for (size_t i = 0; i < commands.size(); ++i) {
      queue_.push_back({std::move(commands[i]),
                        [&out, &answered, i](absl::StatusOr<RedisReply> r) {
                          out[i] = std::move(r);
                          answered.DecrementCount();
                        },
                        i + 1 < commands.size()});
    }
    send = !sending_;
    sending_ = true;
  }
  if (send) SendQueued();
  answered.Wait();
  return out;
}

void RedisPipeliner::SendQueued() {
  ++sending_on_this_thread;
  std::vector<Pending> batch;
  std::vector<std::vector<std::string>> commands;
  while (true) {
    batch.clear();
    commands.clear();
    {
      absl::MutexLock lock(&mu_);
      if (queue_.empty()) {
        sending_ = false;
        --sending_on_this_thread;
        return;
      }
      while (!queue_.empty() &&
             (batch.size() < max_batch_ || (!batch.empty() && batch.back().with_next))) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commands.reserve(batch.size());
    for (auto& p : batch) commands.push_back(std::move(p.argv));
    auto replies = client_->Pipeline(commands, retry_, durability_);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!replies.ok()) {
        batch[i].done(replies.status());
      } else if ((*replies)[i].is_error()) {
        batch[i].done(RedisErrorReplyStatus("", (*replies)[i].str));
      } else {
        batch[i].done(std::move((*replies)[i]));
      }
    }
  }
}

}  // namespace civitas
