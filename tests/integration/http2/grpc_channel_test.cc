// The HTTP/2 client against a real gRPC C++ server: every call shape the gateway relies on.
#include "libs/http2/grpc_channel.h"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"

namespace civitas::http2 {
namespace {

std::string ToString(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  (void)buffer.Dump(&slices);
  std::string out;
  for (const auto& s : slices) out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

grpc::ByteBuffer FromString(const std::string& s) {
  grpc::Slice slice(s);
  return grpc::ByteBuffer(&slice, 1);
}

// /test.Echo/{Echo,Metadata,Fail,HugeTrailers,Big,Hang,Deadline,Slow,Stream}.
class TestReactor : public grpc::ServerGenericBidiReactor {
 public:
  TestReactor(grpc::GenericCallbackServerContext* context, std::atomic<int>* cancelled,
              std::atomic<int>* streamed)
      : context_(context), cancelled_(cancelled), streamed_(streamed) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) return Finish(grpc::Status(grpc::StatusCode::INTERNAL, "no request"));
    const std::string method = context_->method();
    const std::string request = ToString(request_);
    if (method == "/test.Echo/Echo") return Reply(request);
    if (method == "/test.Echo/Metadata") {
      std::string seen;
      for (const auto& [k, v] : context_->client_metadata()) {
        absl::StrAppend(&seen, std::string(k.data(), k.size()), "=",
                        std::string(v.data(), v.size()), ";");
      }
      return Reply(seen);
    }
    if (method == "/test.Echo/Fail") {
      return Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "display_name: must not be empty \u2713 100%",
                                 std::string("\x0a\x00\xff details", 11)));
    }
    if (method == "/test.Echo/HugeTrailers") {
      // A status far beyond the client's header-list limit (as a service listing thousands of
      // violations would send).
      return Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, std::string(48 << 10, 'm'),
                                 std::string(48 << 10, 'd')));
    }
    if (method == "/test.Echo/Slow") {
      std::thread([this, request] {
        absl::SleepFor(absl::Milliseconds(300));
        Reply(request);
      }).detach();
      return;
    }
    if (method == "/test.Echo/Stream") {
      // "count:size": `count` messages of `size` bytes, each starting with its index.
      std::vector<std::string> parts = absl::StrSplit(request, ':');
      if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &stream_count_) ||
          !absl::SimpleAtoi(parts[1], &stream_size_)) {
        return Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "count:size"));
      }
      return WriteNext();
    }
    if (method == "/test.Echo/Big") {
      size_t n = 0;
      (void)absl::SimpleAtoi(request, &n);
      return Reply(std::string(n, 'b'));
    }
    if (method == "/test.Echo/Deadline") {
      auto left = context_->deadline() - std::chrono::system_clock::now();
      return Reply(
          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(left).count()));
    }
    if (method == "/test.Echo/Hang") return;  // until the client cancels
    Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "unknown method"));
  }

  void OnWriteDone(bool ok) override {
    if (context_->method() != "/test.Echo/Stream") return;
    if (!ok) return Finish(grpc::Status::CANCELLED);
    streamed_->fetch_add(1);
    WriteNext();
  }

  void OnCancel() override {
    cancelled_->fetch_add(1);
    if (context_->method() == "/test.Echo/Hang") Finish(grpc::Status::CANCELLED);
  }
  void OnDone() override { delete this; }

 private:
  void WriteNext() {
    if (stream_sent_ == stream_count_) return Finish(grpc::Status::OK);
    std::string message = absl::StrCat(stream_sent_++, ":");
    message.resize(std::max(message.size(), stream_size_), 's');
    response_ = FromString(message);
    StartWrite(&response_);
  }

  void Reply(const std::string& bytes) {
    response_ = FromString(bytes);
    StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
  }

  grpc::GenericCallbackServerContext* context_;
  std::atomic<int>* cancelled_;
  std::atomic<int>* streamed_;
  size_t stream_count_ = 0;
  size_t stream_size_ = 0;
  size_t stream_sent_ = 0;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
};

class TestService : public grpc::CallbackGenericService {
 public:
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* c) override {
    return new TestReactor(c, &cancelled, &streamed);
  }
  std::atomic<int> cancelled{0};
  // Stream messages the server finished writing (flow control let through).
  std::atomic<int> streamed{0};
};

struct Result {
  grpc::Status status;
  std::string response;
  bool backend_fault = false;
};

class GrpcChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StartServer(0);
    work_.emplace(io_.get_executor());
    loop_ = std::thread([this] { io_.run(); });
    ChannelOptions options;
    options.target = absl::StrCat("127.0.0.1:", port_);
    options.max_response_bytes = 8 << 20;
    RunOnLoop([&] { channel_ = std::make_unique<GrpcChannel>(io_, options); });
  }

  void TearDown() override {
    RunOnLoop([&] { channel_.reset(); });
    work_.reset();
    io_.stop();
    loop_.join();
    if (server_) server_->Shutdown();
  }

  void StartServer(int port) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort(absl::StrCat("127.0.0.1:", port), grpc::InsecureServerCredentials(),
                             &port_);
    // A generic service registers with one server only; earlier ones outlive their servers.
    services_.push_back(std::make_unique<TestService>());
    builder.RegisterCallbackGenericService(services_.back().get());
    builder.SetMaxReceiveMessageSize(64 << 20);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }

  void RunOnLoop(std::function<void()> fn) {
    absl::Notification done;
    boost::asio::post(io_, [&] {
      fn();
      done.Notify();
    });
    done.WaitForNotification();
  }

  std::unique_ptr<GrpcCall> MakeCall(const std::string& method, const std::string& request,
                                     absl::Duration timeout = absl::Seconds(10)) {
    auto call = std::make_unique<GrpcCall>();
    call->method = method;
    call->request = request;
    call->deadline = absl::Now() + timeout;
    return call;
  }

  Result Call(std::unique_ptr<GrpcCall> call) {
    Result result;
    absl::Notification done;
    call->done = [&](CallResult r) {
      result = {r.status, std::move(r.response), r.backend_fault};
      done.Notify();
    };
    boost::asio::post(
        io_, [&, c = call.release()]() mutable { channel_->Call(std::unique_ptr<GrpcCall>(c)); });
    done.WaitForNotification();
    return result;
  }

  std::vector<std::unique_ptr<TestService>> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  boost::asio::io_context io_{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread loop_;
  std::unique_ptr<GrpcChannel> channel_;
};

TEST_F(GrpcChannelTest, EchoesARequest) {
  Result r = Call(MakeCall("/test.Echo/Echo", "hello"));
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(r.response, "hello");
  r = Call(MakeCall("/test.Echo/Echo", ""));
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(r.response, "");
}

TEST_F(GrpcChannelTest, CarriesMessagesLargerThanEveryWindow) {
  // The server's initial windows are 64 KiB: a 3 MiB request needs its WINDOW_UPDATEs, a
  // 5 MiB response needs ours, and both span many frames.
  std::string big(3 << 20, 'x');
  for (size_t i = 0; i < big.size(); i += 997) big[i] = static_cast<char>('a' + i % 26);
  Result r = Call(MakeCall("/test.Echo/Echo", big));
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(r.response, big);
  r = Call(MakeCall("/test.Echo/Big", std::to_string(5 << 20)));
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(r.response.size(), size_t{5 << 20});
}

TEST_F(GrpcChannelTest, ManyConcurrentCallsEachGetTheirOwnResponse) {
  constexpr int kCalls = 2000;
  std::atomic<int> remaining{kCalls};
  std::atomic<int> wrong{0};
  absl::Notification all_done;
  boost::asio::post(io_, [&] {
    for (int i = 0; i < kCalls; ++i) {
      // Every 100th request is large enough to wait for flow-control window.
      std::string payload = absl::StrCat("call-", i, i % 100 == 0 ? std::string(200000, 'p') : "");
      auto call = MakeCall("/test.Echo/Echo", payload);
      call->done = [&, payload](CallResult r) {
        if (!r.status.ok() || r.response != payload) wrong.fetch_add(1);
        if (remaining.fetch_sub(1) == 1) all_done.Notify();
      };
      channel_->Call(std::move(call));
    }
  });
  ASSERT_TRUE(all_done.WaitForNotificationWithTimeout(absl::Seconds(60)));
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(GrpcChannelTest, ErrorsKeepCodeMessageAndDetails) {
  Result r = Call(MakeCall("/test.Echo/Fail", ""));
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(r.status.error_message(), "display_name: must not be empty \u2713 100%");
  EXPECT_EQ(r.status.error_details(), std::string("\x0a\x00\xff details", 11));
  r = Call(MakeCall("/test.Echo/Nope", ""));
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(GrpcChannelTest, SendsMetadataOnEveryCall) {
  for (int i = 0; i < 5; ++i) {
    auto call = MakeCall("/test.Echo/Metadata", "");
    call->metadata = {{"authorization", "Bearer abc.def", true},
                      {"x-request-id", absl::StrCat("req-", i), false}};
    Result r = Call(std::move(call));
    ASSERT_TRUE(r.status.ok()) << r.status.error_message();
    EXPECT_NE(r.response.find("authorization=Bearer abc.def;"), std::string::npos) << r.response;
    EXPECT_NE(r.response.find(absl::StrCat("x-request-id=req-", i, ";")), std::string::npos)
        << r.response;
  }
}

TEST_F(GrpcChannelTest, DeadlineReachesTheServerAndEndsAHungCall) {
  Result r = Call(MakeCall("/test.Echo/Deadline", "", absl::Seconds(7)));
  ASSERT_TRUE(r.status.ok());
  int ms = 0;
  ASSERT_TRUE(absl::SimpleAtoi(r.response, &ms));
  EXPECT_GT(ms, 5000);
  EXPECT_LE(ms, 7000);

  // Hang never answers: only the deadline can end the call, so DEADLINE_EXCEEDED is the proof
  // (no upper bound on time: a slow machine must not fail this); it must not end early.
  const absl::Time start = absl::Now();
  r = Call(MakeCall("/test.Echo/Hang", "", absl::Milliseconds(300)));
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_TRUE(absl::Now() - start >= absl::Milliseconds(250));
  // The server hears of it (RST_STREAM CANCEL) and stops working on the call.
  for (int i = 0; i < 200 && services_.back()->cancelled.load() == 0; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_GE(services_.back()->cancelled.load(), 1);
  // The connection stays usable.
  EXPECT_TRUE(Call(MakeCall("/test.Echo/Echo", "after")).status.ok());
}

TEST_F(GrpcChannelTest, ResponsesOverTheLimitFailWithoutHarmingTheConnection) {
  Result r = Call(MakeCall("/test.Echo/Big", std::to_string(9 << 20)));
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  r = Call(MakeCall("/test.Echo/Echo", "still fine"));
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(r.response, "still fine");
}

TEST_F(GrpcChannelTest, ReconnectsAfterTheServerGoesAway) {
  ASSERT_TRUE(Call(MakeCall("/test.Echo/Echo", "one")).status.ok());
  const int port = port_;
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  server_.reset();
  // Nothing listens: calls fail fast with UNAVAILABLE (and back off).
  Result r = Call(MakeCall("/test.Echo/Echo", "two"));
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::UNAVAILABLE) << r.status.error_message();
  StartServer(port);
  ASSERT_EQ(port_, port);
  bool recovered = false;
  for (int i = 0; i < 100 && !recovered; ++i) {
    r = Call(MakeCall("/test.Echo/Echo", "three"));
    recovered = r.status.ok() && r.response == "three";
    if (!recovered) absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_TRUE(recovered) << r.status.error_message();
}

TEST_F(GrpcChannelTest, OversizedTrailersFailThatCallAloneAndTheConnectionCarriesOn) {
  // A slow call is in flight on the same connection while the oversized answer arrives.
  Result slow;
  absl::Notification slow_done;
  boost::asio::post(io_, [&] {
    auto call = MakeCall("/test.Echo/Slow", "unharmed");
    call->done = [&](CallResult r) {
      slow = {r.status, std::move(r.response), r.backend_fault};
      slow_done.Notify();
    };
    channel_->Call(std::move(call));
  });
  Result r = Call(MakeCall("/test.Echo/HugeTrailers", ""));
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_TRUE(r.backend_fault);
  EXPECT_NE(r.status.error_message().find("headers exceed"), std::string::npos)
      << r.status.error_message();
  slow_done.WaitForNotification();
  ASSERT_TRUE(slow.status.ok()) << slow.status.error_message();
  EXPECT_EQ(slow.response, "unharmed");
  EXPECT_TRUE(Call(MakeCall("/test.Echo/Echo", "after")).status.ok());
}

// Collects a streaming call's messages on the loop thread.
struct StreamResult {
  std::vector<std::string> messages;
  CallResult result;
  absl::Notification done;
};

TEST_F(GrpcChannelTest, StreamsServerMessagesInOrder) {
  StreamResult out;
  boost::asio::post(io_, [&] {
    auto call = MakeCall("/test.Echo/Stream", "500:1000");
    call->on_message = [&](std::string m) { out.messages.push_back(std::move(m)); };
    call->done = [&](CallResult r) {
      out.result = std::move(r);
      out.done.Notify();
    };
    channel_->Call(std::move(call));
  });
  out.done.WaitForNotification();
  ASSERT_TRUE(out.result.status.ok()) << out.result.status.error_message();
  ASSERT_EQ(out.messages.size(), 500u);
  for (size_t i = 0; i < out.messages.size(); ++i) {
    EXPECT_TRUE(absl::StartsWith(out.messages[i], absl::StrCat(i, ":"))) << i;
    EXPECT_EQ(out.messages[i].size(), 1000u);
  }
}

TEST_F(GrpcChannelTest, APausedStreamHoldsTheServerBackByFlowControl) {
  // 2000 messages of 64 KiB (125 MiB): far more than the 1 MiB stream window plus what gRPC's
  // server and the kernel buffer.
  auto control = std::make_shared<StreamControl>();
  std::atomic<int> received{0};
  StreamResult out;
  boost::asio::post(io_, [&] {
    auto call = MakeCall("/test.Echo/Stream", "2000:65536", absl::Seconds(60));
    call->control = control;
    call->on_message = [&](std::string m) {
      if (received.fetch_add(1) == 0) control->Pause();
    };
    call->done = [&](CallResult r) {
      out.result = std::move(r);
      out.done.Notify();
    };
    channel_->Call(std::move(call));
  });
  // Wait until the server stops making progress.
  int last = -1;
  for (int i = 0; i < 100 && services_.back()->streamed.load() != last; ++i) {
    last = services_.back()->streamed.load();
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(received.load(), 1);
  EXPECT_LT(services_.back()->streamed.load(), 400) << "the server was not held back";
  boost::asio::post(io_, [&] { control->Resume(); });
  out.done.WaitForNotification();
  ASSERT_TRUE(out.result.status.ok()) << out.result.status.error_message();
  EXPECT_EQ(received.load(), 2000);
}

TEST_F(GrpcChannelTest, StreamsMessagesLargerThanTheStreamWindow) {
  // 3 MiB messages through a 1 MiB stream window: each needs window updates before it is whole.
  StreamResult out;
  boost::asio::post(io_, [&] {
    auto call = MakeCall("/test.Echo/Stream", absl::StrCat("4:", 3 << 20), absl::Seconds(30));
    call->on_message = [&](std::string m) { out.messages.push_back(std::move(m)); };
    call->done = [&](CallResult r) {
      out.result = std::move(r);
      out.done.Notify();
    };
    channel_->Call(std::move(call));
  });
  out.done.WaitForNotification();
  ASSERT_TRUE(out.result.status.ok()) << out.result.status.error_message();
  ASSERT_EQ(out.messages.size(), 4u);
  for (size_t i = 0; i < out.messages.size(); ++i) {
    EXPECT_TRUE(absl::StartsWith(out.messages[i], absl::StrCat(i, ":"))) << i;
    EXPECT_EQ(out.messages[i].size(), size_t{3 << 20});
  }
}

TEST_F(GrpcChannelTest, ManyPausedStreamsOfLargeMessagesBufferAtMostAWindowEach) {
  // 16 slow readers of 2 MiB messages, each pausing after its first message: what the client
  // holds for them stays within one stream window each, and every stream completes once resumed.
  constexpr int kStreams = 16;
  constexpr int kMessages = 12;
  std::vector<std::shared_ptr<StreamControl>> controls;
  std::vector<std::unique_ptr<StreamResult>> outs;
  std::atomic<int> received{0};
  for (int i = 0; i < kStreams; ++i) {
    controls.push_back(std::make_shared<StreamControl>());
    outs.push_back(std::make_unique<StreamResult>());
  }
  boost::asio::post(io_, [&] {
    for (int i = 0; i < kStreams; ++i) {
      auto call =
          MakeCall("/test.Echo/Stream", absl::StrCat(kMessages, ":", 2 << 20), absl::Seconds(60));
      call->control = controls[i];
      call->on_message = [&, i](std::string m) {
        received.fetch_add(1);
        outs[i]->messages.push_back(std::move(m));
        if (outs[i]->messages.size() == 1) controls[i]->Pause();
      };
      call->done = [&, i](CallResult r) {
        outs[i]->result = std::move(r);
        outs[i]->done.Notify();
      };
      channel_->Call(std::move(call));
    }
  });
  // Wait until every stream delivered its first message and the server stops making progress.
  int last = -1;
  for (int i = 0;
       i < 300 && (received.load() < kStreams || services_.back()->streamed.load() != last); ++i) {
    last = services_.back()->streamed.load();
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_EQ(received.load(), kStreams);
  size_t buffered = 0;
  RunOnLoop([&] { buffered = channel_->buffered_bytes(); });
  EXPECT_LE(buffered, size_t{kStreams} * (1 << 20)) << "paused streams buffer beyond their window";
  EXPECT_LT(services_.back()->streamed.load(), kStreams * kMessages)
      << "the server was not held back";
  RunOnLoop([&] {
    for (auto& control : controls) control->Resume();
  });
  for (int i = 0; i < kStreams; ++i) {
    outs[i]->done.WaitForNotification();
    ASSERT_TRUE(outs[i]->result.status.ok()) << i << ": " << outs[i]->result.status.error_message();
    EXPECT_EQ(outs[i]->messages.size(), size_t{kMessages}) << i;
  }
}

TEST_F(GrpcChannelTest, CancellingAStreamTellsTheServer) {
  auto control = std::make_shared<StreamControl>();
  StreamResult out;
  boost::asio::post(io_, [&] {
    auto call = MakeCall("/test.Echo/Stream", "100000:1000", absl::Seconds(60));
    call->control = control;
    call->on_message = [&](std::string m) {
      out.messages.push_back(std::move(m));
      if (out.messages.size() == 10) control->Cancel();
    };
    call->done = [&](CallResult r) {
      out.result = std::move(r);
      out.done.Notify();
    };
    channel_->Call(std::move(call));
  });
  out.done.WaitForNotification();
  EXPECT_EQ(out.result.status.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(out.messages.size(), 10u);
  for (int i = 0; i < 200 && services_.back()->cancelled.load() == 0; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_GE(services_.back()->cancelled.load(), 1);
  EXPECT_TRUE(Call(MakeCall("/test.Echo/Echo", "after")).status.ok());
}

TEST(GrpcChannelTargetTest, ValidatesHostPort) {
  EXPECT_TRUE(GrpcChannel::ValidateTarget("localhost:50051").ok());
  EXPECT_TRUE(GrpcChannel::ValidateTarget("[::1]:50051").ok());
  EXPECT_FALSE(GrpcChannel::ValidateTarget("localhost").ok());
  EXPECT_FALSE(GrpcChannel::ValidateTarget(":50051").ok());
  EXPECT_FALSE(GrpcChannel::ValidateTarget("host:0").ok());
  EXPECT_FALSE(GrpcChannel::ValidateTarget("host:http").ok());
}

}  // namespace
}  // namespace civitas::http2
