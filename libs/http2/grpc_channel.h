// GrpcChannel: gRPC calls (unary and server-streaming) to one backend address from one event loop,
// over one HTTP/2 connection at a time. Connects on first use, reconnects after a lost connection,
// backs off after failed connects (calls fail fast with UNAVAILABLE meanwhile), and sends a call
// that a connection handed back unsent (GOAWAY, REFUSED_STREAM, connect failure) once more on the
// next. Use from the io_context's thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/common/backoff.h"
#include "libs/http2/grpc_call.h"
#include "libs/http2/http2_connection.h"

namespace civitas::http2 {

struct ChannelOptions {
  // host:port
  std::string target;
  std::string user_agent = "civitas-http2";
  absl::Duration connect_timeout = absl::Seconds(5);
  absl::Duration min_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
  size_t max_response_bytes = 16 << 20;
  size_t max_header_list_bytes = 64 << 10;
  int32_t stream_window = 1 << 20;
  // Where calls that a connection handed back unsent go (a pool of replicas sends them to
  // another one); unset, the channel sends each once more itself on its next connection.
  std::function<void(std::unique_ptr<GrpcCall>)> on_unsent;
};

class GrpcChannel : public ConnectionListener {
 public:
  GrpcChannel(boost::asio::io_context& io, ChannelOptions options);
  ~GrpcChannel() override;
  GrpcChannel(const GrpcChannel&) = delete;
  GrpcChannel& operator=(const GrpcChannel&) = delete;

  // INVALID_ARGUMENT unless the target is host:port.
  static absl::Status ValidateTarget(const std::string& target);

  void Call(std::unique_ptr<GrpcCall> call);

  const std::string& target() const { return options_.target; }
  // False while connects are failing and the backoff has not run out: a call now would fail at
  // once.
  bool usable() const;
  // Response bytes held for calls on every connection of this channel (see Http2Connection).
  size_t buffered_bytes() const;

  // ConnectionListener.
  void OnConnected() override;
  void OnClosed(const absl::Status& status, bool was_connected) override;
  void OnUnsent(std::unique_ptr<GrpcCall> call) override;

 private:
  boost::asio::io_context& io_;
  const ChannelOptions options_;
  ConnectionOptions connection_options_;
  std::shared_ptr<Http2Connection> current_;
  // Older connections still finishing their streams, so the destructor can detach them.
  std::vector<std::weak_ptr<Http2Connection>> connections_;
  // Between failed connects (reset by a connect): calls fail fast until retry_after_.
  Backoff backoff_;
  absl::Time retry_after_ = absl::InfinitePast();
  absl::Status last_error_;
};

}  // namespace civitas::http2
