// SharedRedisEnvironment: one redis-server, and a client of it, for a whole test binary: started
// before the first test, stopped after the last. Tests share it through two pointers the binary
// declares; each test keeps to its own key prefix, so no test sees another's keys.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "libs/redis/redis_client.h"
#include "libs/testing/redis_server.h"

namespace civitas::testing {

class SharedRedisEnvironment : public ::testing::Environment {
 public:
  // Sets `*server` and `*client` in SetUp, and back to null in TearDown.
  SharedRedisEnvironment(RedisServer** server, RedisClient** client)
      : server_out_(server), client_out_(client) {}

  void SetUp() override {
    auto s = RedisServer::Start();
    ASSERT_TRUE(s.ok()) << s.status();
    server_ = std::move(s).value();
    client_ = std::make_unique<RedisClient>(server_->options());
    *server_out_ = server_.get();
    *client_out_ = client_.get();
  }
  void TearDown() override {
    *client_out_ = nullptr;
    *server_out_ = nullptr;
    client_.reset();
    server_.reset();
  }

 private:
  RedisServer** const server_out_;
  RedisClient** const client_out_;
  std::unique_ptr<RedisServer> server_;
  std::unique_ptr<RedisClient> client_;
};

}  // namespace civitas::testing
