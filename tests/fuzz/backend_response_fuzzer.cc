// The gateway's HTTP/2 client (libs/http2 over nghttp2) reading whatever a backend sends. The
// server side of a loopback connection sends an empty SETTINGS frame, waits for the call's
// HEADERS, then sends the fuzz input as the rest of the connection and closes it. Besides crashes
// and sanitizer reports: the call ends exactly once (completed, or handed back unsent), and no
// message is delivered after it ended. A seed corpus of well-formed gRPC responses (unary,
// streamed, trailers-only, with grpc-status-details-bin) is in corpus/backend_response_fuzzer.
#include <fuzzer/FuzzedDataProvider.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <cstdlib>
#include <iostream>

#include "libs/http2/http2_connection.h"

namespace {

namespace net = boost::asio;
using civitas::http2::CallResult;
using net::ip::tcp;

class CountingListener : public civitas::http2::ConnectionListener {
 public:
  void OnConnected() override {}
  void OnClosed(const absl::Status&, bool) override {}
  void OnUnsent(std::unique_ptr<civitas::http2::GrpcCall>) override { ++unsent; }
  int unsent = 0;
};

// The fake backend: answers the client's preface with SETTINGS, then, once the client's HEADERS
// are in, writes `script` and closes its sending side.
class ScriptedBackend {
 public:
  ScriptedBackend(net::io_context& io, std::string script)
      : acceptor_(io, tcp::endpoint(net::ip::address_v4::loopback(), 0)),
        socket_(io),
        script_(std::move(script)) {}

  int port() const { return acceptor_.local_endpoint().port(); }

  void Start() {
    acceptor_.async_accept(socket_, [this](boost::system::error_code ec) {
      if (ec) return;
      static const char kSettings[] = {0, 0, 0, 4, 0, 0, 0, 0, 0};
      net::async_write(socket_, net::buffer(kSettings, sizeof(kSettings)),
                       [](boost::system::error_code, size_t) {});
      Read();
    });
  }

 private:
  void Read() {
    socket_.async_read_some(net::buffer(buffer_), [this](boost::system::error_code ec, size_t n) {
      if (ec) return;
      received_.append(buffer_, n);
      if (!sent_ && SawHeaders()) {
        sent_ = true;
        net::async_write(socket_, net::buffer(script_), [this](boost::system::error_code, size_t) {
          boost::system::error_code ignored;
          socket_.shutdown(tcp::socket::shutdown_send, ignored);
        });
      }
      Read();
    });
  }

  // True once a HEADERS frame follows the client's 24-byte connection preface.
  bool SawHeaders() const {
    size_t at = 24;
    while (at + 9 <= received_.size()) {
      const auto* h = reinterpret_cast<const uint8_t*>(received_.data() + at);
      const size_t length = (size_t{h[0]} << 16) | (size_t{h[1]} << 8) | h[2];
      if (h[3] == 1) return true;
      at += 9 + length;
    }
    return false;
  }

  tcp::acceptor acceptor_;
  tcp::socket socket_;
  std::string script_;
  std::string received_;
  char buffer_[16384];
  bool sent_ = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const bool streaming = in.ConsumeBool();
  const bool pause_after_first = in.ConsumeBool();
  net::io_context io;
  ScriptedBackend backend(io, in.ConsumeRemainingBytesAsString());
  backend.Start();

  CountingListener listener;
  civitas::http2::ConnectionOptions options;
  options.host = "127.0.0.1";
  options.port = std::to_string(backend.port());
  options.authority = options.host + ":" + options.port;
  // Small limits, so the fuzzer reaches them.
  options.max_response_bytes = 4096;
  options.max_header_list_bytes = 1024;
  options.stream_window = 8192;
  auto connection = std::make_shared<civitas::http2::Http2Connection>(io, options, &listener);
  connection->Start();

  int done = 0;
  auto call = std::make_unique<civitas::http2::GrpcCall>();
  call->method = "/civitas.registry.v1.RegistryService/ExportOrganizations";
  call->request = "request";
  call->metadata.push_back({"authorization", "Bearer token", true});
  call->deadline = absl::Now() + absl::Seconds(2);
  call->done = [&done](CallResult) { ++done; };
  if (streaming) {
    call->control = std::make_shared<civitas::http2::StreamControl>();
    std::weak_ptr<civitas::http2::StreamControl> control = call->control;
    call->on_message = [&done, control, pause_after_first, &io](std::string) {
      if (done != 0) {
        std::cerr << "a message was delivered after the call ended\n";
        std::abort();
      }
      auto c = control.lock();
      if (c != nullptr && pause_after_first && !c->paused()) {
        c->Pause();
        net::post(io, [control] {
          if (auto c = control.lock()) c->Resume();
        });
      }
    };
  }
  connection->Call(std::move(call));
  for (int turns = 0; done + listener.unsent == 0 && turns < 2000; ++turns) {
    io.run_for(std::chrono::milliseconds(5));
  }
  if (done + listener.unsent != 1) {
    std::cerr << "the call ended " << done << " times and was handed back " << listener.unsent
              << " times\n";
    std::abort();
  }
  connection->Abandon();
  io.run_for(std::chrono::milliseconds(1));
  return 0;
}
