// Http2Connection: one cleartext HTTP/2 connection to a gRPC server, carrying unary calls as
// concurrent streams. It lives on one Asio io_context and is used only from that context's
// thread: no locks, no hand-off; frames produced while handling one batch of events leave in one
// write. Flow control both ways, SETTINGS, PING, GOAWAY and RST_STREAM as RFC 9113 says; HPACK
// with a dynamic table both ways.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/http2/frames.h"
#include "libs/http2/hpack.h"
#include "libs/http2/unary_call.h"

namespace civitas::http2 {

struct ConnectionOptions {
  std::string host;
  std::string port;
  // `:authority` of every request.
  std::string authority;
  std::string user_agent = "civitas-http2";
  absl::Duration connect_timeout = absl::Seconds(5);
  // A response larger than this fails the call with RESOURCE_EXHAUSTED.
  size_t max_response_bytes = 16 << 20;
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
  virtual void OnUnsent(std::unique_ptr<UnaryCall> call) = 0;
};

class Http2Connection : public std::enable_shared_from_this<Http2Connection> {
 public:
  Http2Connection(boost::asio::io_context& io, ConnectionOptions options,
                  ConnectionListener* listener);
  ~Http2Connection();

  // Resolves, connects and sends the preface. Calls queue until the server's SETTINGS arrive.
  void Start();
  void Call(std::unique_ptr<UnaryCall> call);
  // True while new calls may be given to this connection.
  bool accepting() const;
  // Detaches from the listener and closes; calls in flight are dropped without completing.
  void Abandon();

  size_t active_streams() const { return streams_.size(); }

 private:
  struct Stream {
    std::unique_ptr<UnaryCall> call;
    int http_status = 0;
    bool headers_seen = false;
    std::string body;
    // Request bytes (HTTP/2 DATA payload) not yet sent for lack of flow-control window.
    std::string pending;
    size_t pending_offset = 0;
    int64_t send_window = 0;
    int64_t recv_unacked = 0;
  };

  void OnConnect(const boost::system::error_code& ec);
  void Read();
  void ProcessInput();
  // Each returns a connection error to close with, or OK.
  absl::Status HandleFrame(const FrameHeader& header, absl::string_view payload);
  absl::Status HandleData(const FrameHeader& header, absl::string_view payload);
  absl::Status HandleHeaders(const FrameHeader& header, absl::string_view payload);
  absl::Status HandleHeaderBlock(uint32_t stream_id, bool end_stream);
  absl::Status HandleSettings(const FrameHeader& header, absl::string_view payload);
  absl::Status HandleWindowUpdate(const FrameHeader& header, absl::string_view payload);
  absl::Status HandleGoAway(absl::string_view payload);
  void HandleRstStream(uint32_t stream_id, ErrorCode code);

  void StartQueuedCalls();
  void StartStream(std::unique_ptr<UnaryCall> call);
  void SendPendingData();
  void FinishStream(uint32_t stream_id, const grpc::Status& status, std::string response);
  void ResetStream(uint32_t stream_id, ErrorCode code, const grpc::Status& status);
  void CheckDeadlines();
  void ArmDeadlineTimer();

  void ScheduleFlush();
  void Flush();
  // Ends the connection: every stream fails with `status` (UNAVAILABLE unless given), queued
  // calls go back to the listener. Sends GOAWAY with `code` first when the socket is up.
  void Close(const absl::Status& status, ErrorCode code);
  void CloseIfDrained();

  boost::asio::io_context& io_;
  const ConnectionOptions options_;
  ConnectionListener* listener_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer deadline_timer_;
  bool deadline_timer_armed_ = false;
  absl::Time connect_deadline_;

  enum class State { kIdle, kConnecting, kReady, kClosed };
  State state_ = State::kIdle;
  bool draining_ = false;
  bool settings_received_ = false;

  HpackEncoder encoder_;
  HpackDecoder decoder_;

  // Peer settings.
  uint32_t peer_max_concurrent_ = 0x7fffffff;
  int64_t peer_initial_window_ = kDefaultWindow;
  uint32_t peer_max_frame_size_ = kDefaultMaxFrameSize;
  int64_t conn_send_window_ = kDefaultWindow;
  int64_t conn_recv_unacked_ = 0;

  uint32_t next_stream_id_ = 1;
  absl::flat_hash_map<uint32_t, Stream> streams_;
  // Streams with request bytes waiting for window, in the order they started.
  std::deque<uint32_t> blocked_;
  std::deque<std::unique_ptr<UnaryCall>> queued_;

  // A header block split over HEADERS and CONTINUATION frames.
  uint32_t continuation_stream_ = 0;
  bool continuation_end_stream_ = false;
  std::string header_block_;
  std::vector<HeaderField> fields_;

  std::string in_;
  size_t in_length_ = 0;
  std::string out_;
  std::string writing_;
  bool write_in_flight_ = false;
  bool flush_scheduled_ = false;
};

}  // namespace civitas::http2
