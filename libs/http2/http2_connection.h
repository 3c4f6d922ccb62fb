// Http2Connection: one cleartext HTTP/2 connection to a gRPC server, carrying unary and
// server-streaming calls as concurrent streams. HTTP/2 itself (frames, HPACK, flow control,
// SETTINGS, PING, GOAWAY, RST_STREAM) is nghttp2's, which does no I/O: this class feeds it the
// bytes Asio reads and writes what it produces, all frames of one loop turn in one write. It lives
// on one Asio io_context and is used only from that context's thread: no locks, no hand-off.
// What is ours is the gRPC layer on top: message framing, trailers to status, deadlines, and
// handing unsent calls back for retry.
#pragma once

#include <nghttp2/nghttp2.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/http2/grpc_call.h"
#include "libs/http2/grpc_wire.h"

namespace civitas::http2 {

struct ConnectionOptions {
  std::string host;
  std::string port;
  // `:authority` of every request.
  std::string authority;
  std::string user_agent = "civitas-http2";
  absl::Duration connect_timeout = absl::Seconds(5);
  // A response message larger than this fails its call with RESOURCE_EXHAUSTED.
  size_t max_response_bytes = 16 << 20;
  // Response headers or trailers of one stream larger than this (decoded) fail that call alone.
  size_t max_header_list_bytes = 64 << 10;
  // The receive window of each stream: what a paused streaming call may buffer at most (one that
  // is not paused also holds the message still arriving, up to max_response_bytes).
  int32_t stream_window = 1 << 20;
};

// What a connection tells its owner. Called on the connection's thread.
class ConnectionListener {
 public:
  virtual ~ConnectionListener() = default;
  virtual void OnConnected() = 0;
  // The connection is over: `status` says why; `was_connected` tells a failed connect from a
  // lost connection. Calls it never sent follow as OnUnsent.
  virtual void OnClosed(const absl::Status& status, bool was_connected) = 0;
  // A call this connection did not send (or that the server refused before processing it): it
  // may go out on another connection.
  virtual void OnUnsent(std::unique_ptr<GrpcCall> call) = 0;
};

class Http2Connection : public std::enable_shared_from_this<Http2Connection> {
 public:
  Http2Connection(boost::asio::io_context& io, ConnectionOptions options,
                  ConnectionListener* listener);
  ~Http2Connection();
  Http2Connection(const Http2Connection&) = delete;
  Http2Connection& operator=(const Http2Connection&) = delete;

  // Resolves, connects and sends the preface. Calls wait until the server's SETTINGS arrive.
  void Start();
  void Call(std::unique_ptr<GrpcCall> call);
  // True while new calls may be given to this connection.
  bool accepting() const;
  // Detaches from the listener and closes; calls in flight are dropped without completing.
  void Abandon();

  size_t active_streams() const { return streams_.size(); }
  // Response bytes received and not yet handed to their calls (partial and undelivered messages).
  size_t buffered_bytes() const;

 private:
  struct Stream {
    std::unique_ptr<GrpcCall> call;
    int http_status = 0;
    bool response_headers_seen = false;
    // HEADERS went out: the server may have seen the call, so it is not retried elsewhere.
    bool sent = false;
    size_t header_bytes = 0;
    std::vector<HeaderField> trailers;
    GrpcMessageReader reader;
    std::vector<std::string> messages;
    // The framed request, served to nghttp2 by the data source.
    std::string request;
    size_t request_offset = 0;
    // Bytes received while the call was paused, acknowledged on resume.
    size_t unconsumed = 0;
    // Messages are being handed to the call (a Resume from inside on_message must not start a
    // second delivery loop).
    bool delivering = false;
    // Set when the call failed here (too large, malformed): the close reports this instead.
    std::optional<CallResult> failure;
    explicit Stream(size_t max_message) : reader(max_message) {}
  };

  // nghttp2 callbacks (user_data is the connection).
  static int OnBeginHeaders(nghttp2_session*, const nghttp2_frame* frame, void* user_data);
  static int OnHeader(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                      size_t namelen, const uint8_t* value, size_t valuelen, uint8_t flags,
                      void* user_data);
  static int OnFrameRecv(nghttp2_session*, const nghttp2_frame* frame, void* user_data);
  static int OnFrameSend(nghttp2_session*, const nghttp2_frame* frame, void* user_data);
  static int OnDataChunk(nghttp2_session*, uint8_t flags, int32_t stream_id, const uint8_t* data,
                         size_t len, void* user_data);
  static int OnStreamClose(nghttp2_session*, int32_t stream_id, uint32_t error_code,
                           void* user_data);
  static ssize_t ReadRequest(nghttp2_session*, int32_t stream_id, uint8_t* buf, size_t length,
                             uint32_t* data_flags, nghttp2_data_source* source, void* user_data);

  void OnConnect(const boost::system::error_code& ec);
  void Read();
  void SubmitCall(std::unique_ptr<GrpcCall> call);
  void StreamClosed(int32_t stream_id, uint32_t error_code);
  // Fails a stream here: RST_STREAM(CANCEL) to the server and `result` to the caller.
  void FailStream(int32_t stream_id, CallResult result);
  void ResumeStream(int32_t stream_id);
  void CheckDeadlines();
  void ArmDeadlineTimer();
  // Callbacks run after nghttp2 returns, never inside it (a callback may make new calls).
  void Defer(std::function<void()> fn) { deferred_.push_back(std::move(fn)); }
  void RunDeferred();

  void ScheduleFlush();
  void Flush();
  // Ends the connection: every sent stream fails with `status` (UNAVAILABLE), unsent calls go
  // back to the listener.
  void Close(const absl::Status& status);
  void CloseIfDrained();

  boost::asio::io_context& io_;
  const ConnectionOptions options_;
  ConnectionListener* listener_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer deadline_timer_;
  bool deadline_timer_armed_ = false;
  absl::Time connect_deadline_;
  nghttp2_session* session_ = nullptr;

  enum class State { kIdle, kConnecting, kReady, kClosed };
  State state_ = State::kIdle;
  bool settings_received_ = false;
  // GOAWAY received: no new streams.
  bool draining_ = false;

  absl::flat_hash_map<int32_t, std::unique_ptr<Stream>> streams_;
  // Calls waiting for the connection to be ready.
  std::deque<std::unique_ptr<GrpcCall>> queued_;
  std::vector<std::function<void()>> deferred_;
  bool running_deferred_ = false;

  std::string in_;
  std::string out_;
  std::string writing_;
  bool write_in_flight_ = false;
  bool flush_scheduled_ = false;
};

}  // namespace civitas::http2
