#include "libs/redis/redis_pipeliner.h"

#include <algorithm>

namespace civitas {

RedisPipeliner::RedisPipeliner(RedisClient* client, Retry retry, size_t max_batch)
    : client_(client), retry_(retry), max_batch_(std::max<size_t>(1, max_batch)) {}

void RedisPipeliner::Submit(std::vector<std::string> argv, Done done) {
  {
    absl::MutexLock lock(&mu_);
    queue_.push_back({std::move(argv), std::move(done)});
    if (sending_) return;  // the sender takes it with its next batch
    sending_ = true;
  }
  SendQueued();
}

void RedisPipeliner::SendQueued() {
  std::vector<Pending> batch;
  std::vector<std::vector<std::string>> commands;
  while (true) {
    batch.clear();
    commands.clear();
    {
      absl::MutexLock lock(&mu_);
      if (queue_.empty()) {
        sending_ = false;
        return;
      }
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commands.reserve(batch.size());
    for (auto& p : batch) commands.push_back(std::move(p.argv));
    auto replies = client_->Pipeline(commands, retry_);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!replies.ok()) {
        batch[i].done(replies.status());
      } else if ((*replies)[i].is_error()) {
        batch[i].done(absl::InternalError((*replies)[i].str));
      } else {
        batch[i].done(std::move((*replies)[i]));
      }
    }
  }
}

}  // namespace civitas
