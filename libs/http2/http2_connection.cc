#include "libs/http2/http2_connection.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/http2/grpc_wire.h"

namespace civitas::http2 {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// What this client advertises.
constexpr uint32_t kMaxFrameSize = 1 << 20;
constexpr int64_t kStreamWindow = 16 << 20;
constexpr int64_t kConnectionWindow = 64 << 20;
constexpr size_t kMaxHeaderListSize = 64 << 10;
constexpr size_t kReadChunk = 64 << 10;
// Deadlines are checked this often; a call may run this much past its deadline.
constexpr auto kDeadlineTick = std::chrono::milliseconds(20);

grpc::Status Unavailable(const absl::Status& why) {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE, std::string(why.message()));
}

grpc::Status StatusFromReset(ErrorCode code) {
  switch (code) {
    case ErrorCode::kRefusedStream:
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "backend refused the stream");
    case ErrorCode::kCancel:
      return grpc::Status(grpc::StatusCode::CANCELLED, "backend cancelled the call");
    case ErrorCode::kEnhanceYourCalm:
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "backend asked to slow down");
    default:
      return grpc::Status(grpc::StatusCode::INTERNAL,
                          absl::StrCat("backend reset the stream (HTTP/2 error ",
                                       static_cast<uint32_t>(code), ")"));
  }
}

absl::Status ProtocolError(absl::string_view what) {
  return absl::InternalError(absl::StrCat("HTTP/2 protocol error from backend: ", what));
}

}  // namespace

Http2Connection::Http2Connection(net::io_context& io, ConnectionOptions options,
                                 ConnectionListener* listener)
    : io_(io),
      options_(std::move(options)),
      listener_(listener),
      resolver_(io),
      socket_(io),
      deadline_timer_(io),
      decoder_(4096, kMaxHeaderListSize) {}

Http2Connection::~Http2Connection() = default;

bool Http2Connection::accepting() const {
  // Stream ids are 31 bits; leave room rather than run out mid-call.
  return (state_ == State::kIdle || state_ == State::kConnecting || state_ == State::kReady) &&
         !draining_ && next_stream_id_ < 0x7fff0000;
}

void Http2Connection::Start() {
  state_ = State::kConnecting;
  connect_deadline_ = absl::Now() + options_.connect_timeout;
  ArmDeadlineTimer();
  resolver_.async_resolve(
      options_.host, options_.port,
      [self = shared_from_this()](const boost::system::error_code& ec,
                                  tcp::resolver::results_type results) {
        if (self->state_ != State::kConnecting) return;
        if (ec) {
          self->Close(absl::UnavailableError(
                          absl::StrCat("cannot resolve ", self->options_.host, ": ", ec.message())),
                      ErrorCode::kNoError);
          return;
        }
        net::async_connect(self->socket_, results,
                           [self](const boost::system::error_code& ec, const tcp::endpoint&) {
                             self->OnConnect(ec);
                           });
      });
}

void Http2Connection::OnConnect(const boost::system::error_code& ec) {
  if (state_ != State::kConnecting) return;
  if (ec) {
    Close(absl::UnavailableError(absl::StrCat("cannot connect to ", options_.host, ":",
                                              options_.port, ": ", ec.message())),
          ErrorCode::kNoError);
    return;
  }
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  out_.append(kClientPreface.data(), kClientPreface.size());
  AppendSettings({{SettingId::kEnablePush, 0},
                  {SettingId::kInitialWindowSize, static_cast<uint32_t>(kStreamWindow)},
                  {SettingId::kMaxFrameSize, kMaxFrameSize},
                  {SettingId::kMaxHeaderListSize, static_cast<uint32_t>(kMaxHeaderListSize)}},
                 &out_);
  AppendWindowUpdate(0, static_cast<uint32_t>(kConnectionWindow - kDefaultWindow), &out_);
  Flush();
  in_.resize(kReadChunk);
  Read();
}

void Http2Connection::Call(std::unique_ptr<UnaryCall> call) {
  if (!accepting()) {
    if (listener_ != nullptr) listener_->OnUnsent(std::move(call));
    return;
  }
  if (state_ == State::kIdle) Start();
  queued_.push_back(std::move(call));
  ArmDeadlineTimer();
  if (state_ == State::kReady) StartQueuedCalls();
}

void Http2Connection::StartQueuedCalls() {
  while (!queued_.empty() && state_ == State::kReady && !draining_ &&
         streams_.size() < peer_max_concurrent_) {
    std::unique_ptr<UnaryCall> call = std::move(queued_.front());
    queued_.pop_front();
    StartStream(std::move(call));
  }
}

void Http2Connection::StartStream(std::unique_ptr<UnaryCall> call) {
  const uint32_t id = next_stream_id_;
  next_stream_id_ += 2;
  std::string& block = header_block_;
  block.clear();
  encoder_.BeginBlock(&block);
  encoder_.Encode(":method", "POST", true, &block);
  encoder_.Encode(":scheme", "http", true, &block);
  encoder_.Encode(":path", call->method, true, &block);
  encoder_.Encode(":authority", options_.authority, true, &block);
  encoder_.Encode("content-type", "application/grpc", true, &block);
  encoder_.Encode("te", "trailers", true, &block);
  encoder_.Encode("user-agent", options_.user_agent, true, &block);
  if (call->deadline != absl::InfiniteFuture()) {
    encoder_.Encode("grpc-timeout", GrpcTimeoutValue(call->deadline - absl::Now()), false, &block);
  }
  for (const Metadatum& m : call->metadata) encoder_.Encode(m.name, m.value, m.recurring, &block);

  // HEADERS, then CONTINUATION frames if the block is larger than the peer's frame limit.
  size_t offset = 0;
  bool first = true;
  do {
    const size_t n = std::min<size_t>(block.size() - offset, peer_max_frame_size_);
    const bool last = offset + n == block.size();
    AppendFrameHeader(
        {static_cast<uint32_t>(n), first ? FrameType::kHeaders : FrameType::kContinuation,
         static_cast<uint8_t>(last ? flags::kEndHeaders : 0), id},
        &out_);
    out_.append(block, offset, n);
    offset += n;
    first = false;
  } while (offset < block.size());

  Stream& stream = streams_[id];
  stream.send_window = peer_initial_window_;
  AppendGrpcMessage(call->request, &stream.pending);
  call->request.clear();
  call->request.shrink_to_fit();
  stream.call = std::move(call);
  blocked_.push_back(id);
  SendPendingData();
  ScheduleFlush();
}

void Http2Connection::SendPendingData() {
  for (auto it = blocked_.begin(); it != blocked_.end() && conn_send_window_ > 0;) {
    auto found = streams_.find(*it);
    if (found == streams_.end()) {
      it = blocked_.erase(it);
      continue;
    }
    Stream& stream = found->second;
    while (stream.pending_offset < stream.pending.size()) {
      const int64_t window = std::min(conn_send_window_, stream.send_window);
      if (window <= 0) break;
      const size_t n = std::min<size_t>({stream.pending.size() - stream.pending_offset,
                                         static_cast<size_t>(window), peer_max_frame_size_});
      const bool last = stream.pending_offset + n == stream.pending.size();
      AppendFrameHeader({static_cast<uint32_t>(n), FrameType::kData,
                         static_cast<uint8_t>(last ? flags::kEndStream : 0), found->first},
                        &out_);
      out_.append(stream.pending, stream.pending_offset, n);
      stream.pending_offset += n;
      stream.send_window -= static_cast<int64_t>(n);
      conn_send_window_ -= static_cast<int64_t>(n);
    }
    if (stream.pending_offset < stream.pending.size()) {
      ++it;  // waits for window; streams behind it may still have some
      continue;
    }
    std::string().swap(stream.pending);
    stream.pending_offset = 0;
    it = blocked_.erase(it);
  }
  ScheduleFlush();
}

void Http2Connection::ScheduleFlush() {
  if (flush_scheduled_ || out_.empty()) return;
  flush_scheduled_ = true;
  // After the handlers already queued on this context have run, so that their frames share the
  // write.
  net::post(io_, [self = shared_from_this()] {
    self->flush_scheduled_ = false;
    self->Flush();
  });
}

void Http2Connection::Flush() {
  if (write_in_flight_ || out_.empty() || !socket_.is_open()) return;
  write_in_flight_ = true;
  writing_.swap(out_);
  out_.clear();
  net::async_write(socket_, net::buffer(writing_),
                   [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                     self->write_in_flight_ = false;
                     self->writing_.clear();
                     if (ec) {
                       if (self->state_ != State::kClosed) {
                         self->Close(absl::UnavailableError(absl::StrCat(
                                         "connection to backend lost: ", ec.message())),
                                     ErrorCode::kNoError);
                       }
                       return;
                     }
                     self->Flush();
                   });
}

void Http2Connection::Read() {
  if (in_.size() - in_length_ < kReadChunk / 4) in_.resize(in_length_ + kReadChunk);
  socket_.async_read_some(
      net::buffer(in_.data() + in_length_, in_.size() - in_length_),
      [self = shared_from_this()](const boost::system::error_code& ec, size_t n) {
        if (self->state_ == State::kClosed) return;
        if (ec) {
          self->Close(absl::UnavailableError(
                          ec == net::error::eof
                              ? std::string("backend closed the connection")
                              : absl::StrCat("connection to backend lost: ", ec.message())),
                      ErrorCode::kNoError);
          return;
        }
        self->in_length_ += n;
        self->ProcessInput();
        if (self->state_ != State::kClosed) self->Read();
      });
}

void Http2Connection::ProcessInput() {
  size_t pos = 0;
  while (state_ != State::kClosed) {
    absl::string_view rest(in_.data() + pos, in_length_ - pos);
    auto header = ParseFrameHeader(rest);
    if (!header.has_value()) break;
    if (header->length > kMaxFrameSize) {
      Close(ProtocolError("frame larger than SETTINGS_MAX_FRAME_SIZE"), ErrorCode::kFrameSizeError);
      return;
    }
    if (rest.size() < kFrameHeaderSize + header->length) {
      if (in_.size() < kFrameHeaderSize + header->length + kReadChunk / 4) {
        // Make room for the whole frame after compaction below.
        in_.resize(kFrameHeaderSize + header->length + kReadChunk);
      }
      break;
    }
    absl::string_view payload = rest.substr(kFrameHeaderSize, header->length);
    pos += kFrameHeaderSize + header->length;
    if (auto s = HandleFrame(*header, payload); !s.ok()) {
      Close(s, absl::IsResourceExhausted(s) ? ErrorCode::kCompressionError
                                            : ErrorCode::kProtocolError);
      return;
    }
  }
  if (pos > 0 && state_ != State::kClosed) {
    std::memmove(in_.data(), in_.data() + pos, in_length_ - pos);
    in_length_ -= pos;
  }
  if (conn_recv_unacked_ >= kConnectionWindow / 2) {
    AppendWindowUpdate(0, static_cast<uint32_t>(conn_recv_unacked_), &out_);
    conn_recv_unacked_ = 0;
  }
  ScheduleFlush();
}

absl::Status Http2Connection::HandleFrame(const FrameHeader& header, absl::string_view payload) {
  if (continuation_stream_ != 0 &&
      (header.type != FrameType::kContinuation || header.stream_id != continuation_stream_)) {
    return ProtocolError("header block interrupted");
  }
  if (!settings_received_ && header.type != FrameType::kSettings) {
    return ProtocolError("first frame is not SETTINGS");
  }
  switch (header.type) {
    case FrameType::kData:
      return HandleData(header, payload);
    case FrameType::kHeaders:
      return HandleHeaders(header, payload);
    case FrameType::kContinuation:
      if (continuation_stream_ == 0) return ProtocolError("unexpected CONTINUATION");
      header_block_.append(payload.data(), payload.size());
      if (header_block_.size() > kMaxHeaderListSize * 2) {
        return absl::ResourceExhaustedError("header block too large");
      }
      if (header.flags & flags::kEndHeaders) {
        const uint32_t id = continuation_stream_;
        continuation_stream_ = 0;
        return HandleHeaderBlock(id, continuation_end_stream_);
      }
      return absl::OkStatus();
    case FrameType::kSettings:
      return HandleSettings(header, payload);
    case FrameType::kWindowUpdate:
      return HandleWindowUpdate(header, payload);
    case FrameType::kPing:
      if (header.stream_id != 0 || payload.size() != 8) return ProtocolError("malformed PING");
      if ((header.flags & flags::kAck) == 0) AppendPing(true, payload, &out_);
      return absl::OkStatus();
    case FrameType::kRstStream:
      if (header.stream_id == 0 || payload.size() != 4)
        return ProtocolError("malformed RST_STREAM");
      HandleRstStream(header.stream_id, static_cast<ErrorCode>(ReadUint32(payload.data())));
      return absl::OkStatus();
    case FrameType::kGoAway:
      if (header.stream_id != 0 || payload.size() < 8) return ProtocolError("malformed GOAWAY");
      return HandleGoAway(payload);
    case FrameType::kPushPromise:
      return ProtocolError("PUSH_PROMISE although push is disabled");
    default:
      // PRIORITY and unknown frame types carry nothing for this client.
      return absl::OkStatus();
  }
}

absl::Status Http2Connection::HandleData(const FrameHeader& header, absl::string_view payload) {
  if (header.stream_id == 0) return ProtocolError("DATA on stream 0");
  // Flow control counts the whole payload, padding included.
  conn_recv_unacked_ += header.length;
  if (header.flags & flags::kPadded) {
    if (payload.empty() || static_cast<uint8_t>(payload[0]) >= payload.size()) {
      return ProtocolError("bad DATA padding");
    }
    payload = payload.substr(1, payload.size() - 1 - static_cast<uint8_t>(payload[0]));
  }
  auto it = streams_.find(header.stream_id);
  if (it == streams_.end()) return absl::OkStatus();  // a stream this client already ended
  Stream& stream = it->second;
  if (!stream.headers_seen) return ProtocolError("DATA before HEADERS");
  if (stream.body.size() + payload.size() > options_.max_response_bytes + 5) {
    ResetStream(header.stream_id, ErrorCode::kCancel,
                grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                             absl::StrCat("backend response exceeds ", options_.max_response_bytes,
                                          " bytes")));
    return absl::OkStatus();
  }
  stream.body.append(payload.data(), payload.size());
  if (header.flags & flags::kEndStream) {
    // A gRPC response ends with trailers; a body that ends the stream means they are missing.
    FinishStream(header.stream_id, StatusFromTrailers(stream.http_status, {}), "");
    return absl::OkStatus();
  }
  stream.recv_unacked += header.length;
  if (stream.recv_unacked >= kStreamWindow / 2) {
    AppendWindowUpdate(header.stream_id, static_cast<uint32_t>(stream.recv_unacked), &out_);
    stream.recv_unacked = 0;
  }
  return absl::OkStatus();
}

absl::Status Http2Connection::HandleHeaders(const FrameHeader& header, absl::string_view payload) {
  if (header.stream_id == 0) return ProtocolError("HEADERS on stream 0");
  size_t pad = 0;
  if (header.flags & flags::kPadded) {
    if (payload.empty()) return ProtocolError("bad HEADERS padding");
    pad = static_cast<uint8_t>(payload[0]);
    payload.remove_prefix(1);
  }
  if (header.flags & flags::kPriority) {
    if (payload.size() < 5) return ProtocolError("bad HEADERS priority");
    payload.remove_prefix(5);
  }
  if (pad > payload.size()) return ProtocolError("bad HEADERS padding");
  payload.remove_suffix(pad);
  header_block_.assign(payload.data(), payload.size());
  const bool end_stream = (header.flags & flags::kEndStream) != 0;
  if ((header.flags & flags::kEndHeaders) == 0) {
    continuation_stream_ = header.stream_id;
    continuation_end_stream_ = end_stream;
    return absl::OkStatus();
  }
  return HandleHeaderBlock(header.stream_id, end_stream);
}

absl::Status Http2Connection::HandleHeaderBlock(uint32_t stream_id, bool end_stream) {
  // Every block is decoded, even for streams already ended here: the table must stay in step.
  fields_.clear();
  if (auto s = decoder_.Decode(header_block_, &fields_); !s.ok()) {
    return absl::ResourceExhaustedError(absl::StrCat("HPACK: ", s.message()));
  }
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return absl::OkStatus();
  Stream& stream = it->second;
  if (!stream.headers_seen) {
    stream.headers_seen = true;
    for (const auto& f : fields_) {
      if (f.name == ":status") {
        stream.http_status = 0;
        for (char c : f.value) {
          if (c < '0' || c > '9') return ProtocolError("bad :status");
          stream.http_status = stream.http_status * 10 + (c - '0');
        }
      }
    }
    if (!end_stream) {
      if (stream.http_status != 200) {
        // Not a gRPC response (a proxy's error page, say): the status says enough.
        ResetStream(stream_id, ErrorCode::kCancel, StatusFromTrailers(stream.http_status, {}));
      }
      return absl::OkStatus();
    }
    // Trailers-only: the call failed before any message.
  } else if (!end_stream) {
    return ProtocolError("second header block does not end the stream");
  }
  grpc::Status status = StatusFromTrailers(stream.http_status, fields_);
  if (!status.ok()) {
    FinishStream(stream_id, status, "");
    return absl::OkStatus();
  }
  auto message = ParseUnaryResponseBody(std::move(stream.body));
  if (!message.ok()) {
    FinishStream(stream_id,
                 grpc::Status(grpc::StatusCode::INTERNAL, std::string(message.status().message())),
                 "");
    return absl::OkStatus();
  }
  FinishStream(stream_id, status, std::move(*message));
  return absl::OkStatus();
}

absl::Status Http2Connection::HandleSettings(const FrameHeader& header, absl::string_view payload) {
  if (header.stream_id != 0) return ProtocolError("SETTINGS on a stream");
  if (header.flags & flags::kAck) {
    if (!payload.empty()) return ProtocolError("SETTINGS ACK with a payload");
    return absl::OkStatus();
  }
  if (payload.size() % 6 != 0) return ProtocolError("malformed SETTINGS");
  for (size_t i = 0; i < payload.size(); i += 6) {
    const uint16_t id = ReadUint16(payload.data() + i);
    const uint32_t value = ReadUint32(payload.data() + i + 2);
    switch (static_cast<SettingId>(id)) {
      case SettingId::kHeaderTableSize:
        encoder_.SetPeerMaxTableSize(value);
        break;
      case SettingId::kMaxConcurrentStreams:
        peer_max_concurrent_ = value;
        break;
      case SettingId::kInitialWindowSize: {
        if (value > kMaxWindow) return ProtocolError("initial window too large");
        const int64_t delta = static_cast<int64_t>(value) - peer_initial_window_;
        peer_initial_window_ = value;
        for (auto& [sid, stream] : streams_) {
          stream.send_window += delta;
          if (stream.send_window > kMaxWindow) return ProtocolError("stream window overflow");
        }
        break;
      }
      case SettingId::kMaxFrameSize:
        if (value < kDefaultMaxFrameSize || value > 0xffffff) {
          return ProtocolError("SETTINGS_MAX_FRAME_SIZE out of range");
        }
        peer_max_frame_size_ = value;
        break;
      default:
        break;  // ENABLE_PUSH is the client's to set; unknown settings are ignored.
    }
  }
  AppendSettingsAck(&out_);
  if (!settings_received_) {
    settings_received_ = true;
    state_ = State::kReady;
    if (listener_ != nullptr) listener_->OnConnected();
  }
  StartQueuedCalls();
  SendPendingData();
  return absl::OkStatus();
}

absl::Status Http2Connection::HandleWindowUpdate(const FrameHeader& header,
                                                 absl::string_view payload) {
  if (payload.size() != 4) return ProtocolError("malformed WINDOW_UPDATE");
  const int64_t increment = ReadUint32(payload.data()) & 0x7fffffff;
  if (header.stream_id == 0) {
    if (increment == 0) return ProtocolError("zero WINDOW_UPDATE");
    conn_send_window_ += increment;
    if (conn_send_window_ > kMaxWindow) return ProtocolError("connection window overflow");
  } else {
    auto it = streams_.find(header.stream_id);
    if (it == streams_.end()) return absl::OkStatus();
    if (increment == 0) {
      ResetStream(header.stream_id, ErrorCode::kProtocolError,
                  grpc::Status(grpc::StatusCode::INTERNAL, "backend sent a zero WINDOW_UPDATE"));
      return absl::OkStatus();
    }
    it->second.send_window += increment;
    if (it->second.send_window > kMaxWindow) {
      ResetStream(header.stream_id, ErrorCode::kFlowControlError,
                  grpc::Status(grpc::StatusCode::INTERNAL, "backend overflowed a stream window"));
      return absl::OkStatus();
    }
  }
  SendPendingData();
  return absl::OkStatus();
}

absl::Status Http2Connection::HandleGoAway(absl::string_view payload) {
  const uint32_t last_stream_id = ReadUint32(payload.data()) & 0x7fffffff;
  draining_ = true;
  // Streams above the last one the server processed were never seen by it: they can be retried.
  std::vector<uint32_t> unprocessed;
  for (const auto& [id, stream] : streams_) {
    if (id > last_stream_id) unprocessed.push_back(id);
  }
  std::sort(unprocessed.begin(), unprocessed.end());
  std::vector<std::unique_ptr<UnaryCall>> unsent;
  for (uint32_t id : unprocessed) {
    unsent.push_back(std::move(streams_[id].call));
    streams_.erase(id);
  }
  for (auto& call : queued_) unsent.push_back(std::move(call));
  queued_.clear();
  for (auto& call : unsent) {
    if (listener_ != nullptr) listener_->OnUnsent(std::move(call));
  }
  CloseIfDrained();
  return absl::OkStatus();
}

void Http2Connection::HandleRstStream(uint32_t stream_id, ErrorCode code) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return;
  if (code == ErrorCode::kRefusedStream && listener_ != nullptr) {
    // Refused before any processing: safe to send again.
    std::unique_ptr<UnaryCall> call = std::move(it->second.call);
    streams_.erase(it);
    listener_->OnUnsent(std::move(call));
    StartQueuedCalls();
    CloseIfDrained();
    return;
  }
  FinishStream(stream_id, StatusFromReset(code), "");
}

void Http2Connection::ResetStream(uint32_t stream_id, ErrorCode code, const grpc::Status& status) {
  AppendRstStream(stream_id, code, &out_);
  ScheduleFlush();
  FinishStream(stream_id, status, "");
}

void Http2Connection::FinishStream(uint32_t stream_id, const grpc::Status& status,
                                   std::string response) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return;
  std::unique_ptr<UnaryCall> call = std::move(it->second.call);
  streams_.erase(it);
  // A slot is free: queued calls go before the callback can add more.
  StartQueuedCalls();
  if (call->done) call->done(status, std::move(response));
  CloseIfDrained();
}

void Http2Connection::CloseIfDrained() {
  if (draining_ && streams_.empty() && queued_.empty() && state_ != State::kClosed) {
    Close(absl::UnavailableError("backend connection drained (GOAWAY)"), ErrorCode::kNoError);
  }
}

void Http2Connection::ArmDeadlineTimer() {
  if (deadline_timer_armed_ || state_ == State::kClosed) return;
  deadline_timer_armed_ = true;
  deadline_timer_.expires_after(kDeadlineTick);
  deadline_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    self->deadline_timer_armed_ = false;
    if (ec || self->state_ == State::kClosed) return;
    self->CheckDeadlines();
    if (!self->streams_.empty() || !self->queued_.empty() || self->state_ == State::kConnecting) {
      self->ArmDeadlineTimer();
    }
  });
}

void Http2Connection::CheckDeadlines() {
  const absl::Time now = absl::Now();
  if (state_ == State::kConnecting && now >= connect_deadline_) {
    Close(absl::UnavailableError(
              absl::StrCat("timed out connecting to ", options_.host, ":", options_.port)),
          ErrorCode::kNoError);
    return;
  }
  const grpc::Status expired(grpc::StatusCode::DEADLINE_EXCEEDED, "backend deadline exceeded");
  std::vector<uint32_t> late;
  for (const auto& [id, stream] : streams_) {
    if (stream.call->deadline <= now) late.push_back(id);
  }
  for (uint32_t id : late) ResetStream(id, ErrorCode::kCancel, expired);
  for (auto it = queued_.begin(); it != queued_.end();) {
    if ((*it)->deadline <= now) {
      std::unique_ptr<UnaryCall> call = std::move(*it);
      it = queued_.erase(it);
      if (call->done) call->done(expired, "");
    } else {
      ++it;
    }
  }
}

void Http2Connection::Close(const absl::Status& status, ErrorCode code) {
  if (state_ == State::kClosed) return;
  const bool was_connected = settings_received_;
  state_ = State::kClosed;
  boost::system::error_code ignored;
  if (socket_.is_open()) {
    if (was_connected && !write_in_flight_) {
      // Best effort: tell the server why, without waiting.
      out_.clear();
      AppendGoAway(0, code, &out_);
      socket_.non_blocking(true, ignored);
      socket_.send(net::buffer(out_), 0, ignored);
    }
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }
  resolver_.cancel();
  deadline_timer_.cancel();
  std::vector<std::unique_ptr<UnaryCall>> failed;
  for (auto& [id, stream] : streams_) failed.push_back(std::move(stream.call));
  streams_.clear();
  blocked_.clear();
  std::deque<std::unique_ptr<UnaryCall>> unsent = std::move(queued_);
  queued_.clear();
  ConnectionListener* listener = listener_;
  if (listener != nullptr) listener->OnClosed(status, was_connected);
  const grpc::Status failure = Unavailable(status);
  for (auto& call : failed) {
    if (call->done) call->done(failure, "");
  }
  for (auto& call : unsent) {
    if (listener != nullptr) {
      listener->OnUnsent(std::move(call));
    } else if (call->done) {
      call->done(failure, "");
    }
  }
}

void Http2Connection::Abandon() {
  auto self = shared_from_this();
  listener_ = nullptr;
  for (auto& [id, stream] : streams_) stream.call->done = nullptr;
  for (auto& call : queued_) call->done = nullptr;
  Close(absl::CancelledError("channel shut down"), ErrorCode::kNoError);
}

}  // namespace civitas::http2
