#include "libs/http2/http2_connection.h"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace civitas::http2 {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr uint32_t kMaxFrameSize = 1 << 20;
constexpr int32_t kConnectionWindow = 64 << 20;
constexpr size_t kReadChunk = 64 << 10;
// Deadlines are checked this often; a call may run this much past its deadline.
constexpr auto kDeadlineTick = std::chrono::milliseconds(20);
// What RFC 9113 section 6.5.2 counts per header field beyond its name and value.
constexpr size_t kHeaderFieldOverhead = 32;

CallResult Failure(grpc::StatusCode code, std::string message, bool backend_fault = false) {
  CallResult r;
  r.status = grpc::Status(code, std::move(message));
  r.backend_fault = backend_fault;
  return r;
}

CallResult ResultOfReset(uint32_t code) {
  switch (code) {
    case NGHTTP2_REFUSED_STREAM:
      return Failure(grpc::StatusCode::UNAVAILABLE, "backend refused the stream");
    case NGHTTP2_CANCEL:
      return Failure(grpc::StatusCode::CANCELLED, "backend cancelled the call");
    case NGHTTP2_ENHANCE_YOUR_CALM:
      return Failure(grpc::StatusCode::RESOURCE_EXHAUSTED, "backend asked to slow down");
    default:
      return Failure(
          grpc::StatusCode::INTERNAL,
          absl::StrCat("backend stream ended with HTTP/2 error ", nghttp2_http2_strerror(code)),
          /*backend_fault=*/true);
  }
}

nghttp2_nv Header(absl::string_view name, absl::string_view value, bool index = true) {
  return {const_cast<uint8_t*>(reinterpret_cast<const uint8_t*>(name.data())),
          const_cast<uint8_t*>(reinterpret_cast<const uint8_t*>(value.data())), name.size(),
          value.size(),
          static_cast<uint8_t>(index ? NGHTTP2_NV_FLAG_NONE : NGHTTP2_NV_FLAG_NO_INDEX)};
}

}  // namespace

Http2Connection::Http2Connection(net::io_context& io, ConnectionOptions options,
                                 ConnectionListener* listener)
    : io_(io),
      options_(std::move(options)),
      listener_(listener),
      resolver_(io),
      socket_(io),
      deadline_timer_(io) {
  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &OnBeginHeaders);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, &OnHeader);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &OnFrameRecv);
  nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, &OnFrameSend);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &OnDataChunk);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &OnStreamClose);
  nghttp2_option* option = nullptr;
  nghttp2_option_new(&option);
  // Stream windows are acknowledged only once a call's consumer took the bytes (flow control
  // reaches the server); the connection window is acknowledged on receipt, so one paused
  // stream never stalls the others.
  nghttp2_option_set_no_auto_window_update(option, 1);
  nghttp2_session_client_new2(&session_, callbacks, this, option);
  nghttp2_option_del(option);
  nghttp2_session_callbacks_del(callbacks);
}

Http2Connection::~Http2Connection() { nghttp2_session_del(session_); }

bool Http2Connection::accepting() const {
  // Stream ids are 31 bits; leave room rather than run out mid-call.
  return state_ != State::kClosed && !draining_ &&
         nghttp2_session_get_next_stream_id(session_) < 0x7fff0000;
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
              absl::StrCat("cannot resolve ", self->options_.host, ": ", ec.message())));
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
    Close(absl::UnavailableError(
        absl::StrCat("cannot connect to ", options_.host, ":", options_.port, ": ", ec.message())));
    return;
  }
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  const nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, static_cast<uint32_t>(options_.stream_window)},
      {NGHTTP2_SETTINGS_MAX_FRAME_SIZE, kMaxFrameSize},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE,
       static_cast<uint32_t>(options_.max_header_list_bytes)},
  };
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, std::size(settings));
  nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, kConnectionWindow);
  Flush();
  in_.resize(kReadChunk);
  Read();
}

void Http2Connection::Call(std::unique_ptr<GrpcCall> call) {
  if (!accepting()) {
    if (listener_ != nullptr) listener_->OnUnsent(std::move(call));
    return;
  }
  if (state_ == State::kIdle) Start();
  if (state_ != State::kReady) {
    queued_.push_back(std::move(call));
    ArmDeadlineTimer();
    return;
  }
  SubmitCall(std::move(call));
  ScheduleFlush();
}

void Http2Connection::SubmitCall(std::unique_ptr<GrpcCall> call) {
  if (call->control != nullptr && call->control->cancelled()) {
    if (call->done) call->done(Failure(grpc::StatusCode::CANCELLED, "call cancelled"));
    return;
  }
  std::vector<nghttp2_nv> headers;
  headers.reserve(8 + call->metadata.size());
  headers.push_back(Header(":method", "POST"));
  headers.push_back(Header(":scheme", "http"));
  headers.push_back(Header(":path", call->method));
  headers.push_back(Header(":authority", options_.authority));
  headers.push_back(Header("content-type", "application/grpc"));
  headers.push_back(Header("te", "trailers"));
  headers.push_back(Header("user-agent", options_.user_agent));
  std::string timeout;
  if (call->deadline != absl::InfiniteFuture()) {
    timeout = GrpcTimeoutValue(call->deadline - absl::Now());
    headers.push_back(Header("grpc-timeout", timeout, /*index=*/false));
  }
  for (const Metadatum& m : call->metadata) headers.push_back(Header(m.name, m.value, m.recurring));

  auto stream = std::make_unique<Stream>(options_.max_response_bytes);
  // Sized once: an upload's pieces (hundreds of MB) would otherwise be copied again as it grows.
  size_t framed = kGrpcPrefix + call->request.size();
  for (const std::string& more : call->more_requests) framed += kGrpcPrefix + more.size();
  stream->request.reserve(framed);
  AppendGrpcMessage(call->request, &stream->request);
  std::string().swap(call->request);
  for (std::string& more : call->more_requests) {
    AppendGrpcMessage(more, &stream->request);
    std::string().swap(more);
  }
  nghttp2_data_provider body;
  body.source.ptr = stream.get();
  body.read_callback = &ReadRequest;
  const int32_t id = nghttp2_submit_request(session_, nullptr, headers.data(), headers.size(),
                                            &body, stream.get());
  if (id < 0) {
    // Out of stream ids, or the server said GOAWAY: another connection takes the call.
    draining_ = true;
    stream.reset();
    if (listener_ != nullptr) {
      listener_->OnUnsent(std::move(call));
    } else if (call->done) {
      call->done(Failure(grpc::StatusCode::UNAVAILABLE, nghttp2_strerror(id)));
    }
    return;
  }
  if (call->control != nullptr) {
    std::weak_ptr<Http2Connection> weak = weak_from_this();
    call->control->Bind(
        [weak, id] {
          if (auto self = weak.lock()) self->ResumeStream(id);
        },
        [weak, id] {
          if (auto self = weak.lock()) {
            self->FailStream(id, Failure(grpc::StatusCode::CANCELLED, "call cancelled"));
          }
        });
  }
  stream->call = std::move(call);
  streams_[id] = std::move(stream);
  ArmDeadlineTimer();
}

ssize_t Http2Connection::ReadRequest(nghttp2_session*, int32_t, uint8_t* buf, size_t length,
                                     uint32_t* data_flags, nghttp2_data_source* source, void*) {
  auto* stream = static_cast<Stream*>(source->ptr);
  const size_t n = std::min(length, stream->request.size() - stream->request_offset);
  std::memcpy(buf, stream->request.data() + stream->request_offset, n);
  stream->request_offset += n;
  if (stream->request_offset == stream->request.size()) {
    *data_flags |= NGHTTP2_DATA_FLAG_EOF;
    std::string().swap(stream->request);
    stream->request_offset = 0;
  }
  return static_cast<ssize_t>(n);
}

int Http2Connection::OnBeginHeaders(nghttp2_session*, const nghttp2_frame*, void*) { return 0; }

int Http2Connection::OnHeader(nghttp2_session* session, const nghttp2_frame* frame,
                              const uint8_t* name, size_t namelen, const uint8_t* value,
                              size_t valuelen, uint8_t, void* user_data) {
  auto* self = static_cast<Http2Connection*>(user_data);
  if (frame->hd.type != NGHTTP2_HEADERS) return 0;
  auto* stream =
      static_cast<Stream*>(nghttp2_session_get_stream_user_data(session, frame->hd.stream_id));
  if (stream == nullptr || stream->failure.has_value()) return 0;
  stream->header_bytes += namelen + valuelen + kHeaderFieldOverhead;
  if (stream->header_bytes > self->options_.max_header_list_bytes) {
    // This call alone fails; nghttp2 resets its stream and the connection carries on.
    stream->failure = Failure(grpc::StatusCode::INTERNAL,
                              absl::StrCat("backend response headers exceed ",
                                           self->options_.max_header_list_bytes, " bytes"),
                              /*backend_fault=*/true);
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  }
  absl::string_view n(reinterpret_cast<const char*>(name), namelen);
  absl::string_view v(reinterpret_cast<const char*>(value), valuelen);
  if (n == ":status") {
    int status = 0;
    for (char c : v) status = status * 10 + (c - '0');  // nghttp2 checked it is 3 digits
    stream->http_status = status;
    return 0;
  }
  stream->trailers.push_back({std::string(n), std::string(v)});
  return 0;
}

int Http2Connection::OnFrameRecv(nghttp2_session* session, const nghttp2_frame* frame,
                                 void* user_data) {
  auto* self = static_cast<Http2Connection*>(user_data);
  switch (frame->hd.type) {
    case NGHTTP2_SETTINGS:
      if ((frame->hd.flags & NGHTTP2_FLAG_ACK) == 0 && !self->settings_received_) {
        self->settings_received_ = true;
        self->state_ = State::kReady;
        self->Defer([self] {
          if (self->listener_ != nullptr) self->listener_->OnConnected();
          while (!self->queued_.empty() && self->state_ == State::kReady && !self->draining_) {
            std::unique_ptr<GrpcCall> call = std::move(self->queued_.front());
            self->queued_.pop_front();
            self->SubmitCall(std::move(call));
          }
          self->ScheduleFlush();
        });
      }
      return 0;
    case NGHTTP2_GOAWAY:
      // nghttp2 closes the streams above last_stream_id with REFUSED_STREAM: they come back as
      // unsent. Calls still waiting here go elsewhere too.
      self->draining_ = true;
      self->Defer([self] {
        std::deque<std::unique_ptr<GrpcCall>> unsent = std::move(self->queued_);
        self->queued_.clear();
        for (auto& call : unsent) {
          if (self->listener_ != nullptr) self->listener_->OnUnsent(std::move(call));
        }
        self->CloseIfDrained();
      });
      return 0;
    case NGHTTP2_HEADERS: {
      auto* stream =
          static_cast<Stream*>(nghttp2_session_get_stream_user_data(session, frame->hd.stream_id));
      if (stream == nullptr || frame->headers.cat != NGHTTP2_HCAT_RESPONSE) return 0;
      stream->response_headers_seen = true;
      if ((frame->hd.flags & NGHTTP2_FLAG_END_STREAM) == 0 && stream->http_status != 200 &&
          !stream->failure.has_value()) {
        // Not a gRPC response (a proxy's error page, say): the status says enough.
        stream->failure = CallResult{StatusFromTrailers(stream->http_status, {}), "", true};
        nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, frame->hd.stream_id, NGHTTP2_CANCEL);
      }
      return 0;
    }
    default:
      return 0;
  }
}

int Http2Connection::OnFrameSend(nghttp2_session* session, const nghttp2_frame* frame, void*) {
  if (frame->hd.type != NGHTTP2_HEADERS) return 0;
  auto* stream =
      static_cast<Stream*>(nghttp2_session_get_stream_user_data(session, frame->hd.stream_id));
  if (stream != nullptr) stream->sent = true;
  return 0;
}

int Http2Connection::OnDataChunk(nghttp2_session* session, uint8_t, int32_t stream_id,
                                 const uint8_t* data, size_t len, void* user_data) {
  auto* self = static_cast<Http2Connection*>(user_data);
  nghttp2_session_consume_connection(session, len);
  auto* stream = static_cast<Stream*>(nghttp2_session_get_stream_user_data(session, stream_id));
  if (stream == nullptr || stream->failure.has_value()) return 0;
  const size_t before = stream->messages.size();
  absl::Status fed = stream->reader.Feed(
      absl::string_view(reinterpret_cast<const char*>(data), len), &stream->messages);
  if (fed.ok() && !stream->call->streaming() && stream->messages.size() > 1) {
    fed = absl::InternalError("more than one message in a unary response");
  }
  if (!fed.ok()) {
    stream->failure = Failure(static_cast<grpc::StatusCode>(fed.code()), std::string(fed.message()),
                              /*backend_fault=*/true);
    nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, stream_id, NGHTTP2_CANCEL);
    return 0;
  }
  if (!stream->call->streaming()) {
    nghttp2_session_consume_stream(session, stream_id, len);
    return 0;
  }
  // Streaming: bytes that completed messages are acknowledged once the consumer took them (and is
  // not paused), so a slow consumer holds the server back. Bytes of a message still arriving are
  // acknowledged now unless the consumer paused: a message larger than the stream window could
  // never complete otherwise. What a stream buffers is thus bounded by one window while paused and
  // by the largest message (max_response_bytes) plus one window otherwise.
  stream->unconsumed += len;
  if (stream->messages.size() > before) {
    self->Defer([self, stream_id] { self->ResumeStream(stream_id); });
  } else if (stream->messages.empty() && !stream->delivering &&
             (stream->call->control == nullptr || !stream->call->control->paused())) {
    nghttp2_session_consume_stream(session, stream_id, stream->unconsumed);
    stream->unconsumed = 0;
  }
  return 0;
}

void Http2Connection::ResumeStream(int32_t stream_id) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end() || state_ == State::kClosed) return;
  Stream& stream = *it->second;
  if (stream.delivering) return;  // the loop below re-checks the pause after each message
  GrpcCall& call = *stream.call;
  // Deliver what arrived; the consumer may pause (or cancel) while taking a message.
  stream.delivering = true;
  size_t delivered = 0;
  while (delivered < stream.messages.size() &&
         (call.control == nullptr || !call.control->paused())) {
    std::string message = std::move(stream.messages[delivered++]);
    call.on_message(std::move(message));
    if (streams_.find(stream_id) == streams_.end()) return;  // cancelled from on_message
  }
  stream.delivering = false;
  stream.messages.erase(stream.messages.begin(), stream.messages.begin() + delivered);
  if (stream.messages.empty() && (call.control == nullptr || !call.control->paused()) &&
      stream.unconsumed > 0) {
    nghttp2_session_consume_stream(session_, stream_id, stream.unconsumed);
    stream.unconsumed = 0;
    ScheduleFlush();
  }
}

int Http2Connection::OnStreamClose(nghttp2_session*, int32_t stream_id, uint32_t error_code,
                                   void* user_data) {
  auto* self = static_cast<Http2Connection*>(user_data);
  self->StreamClosed(stream_id, error_code);
  return 0;
}

void Http2Connection::StreamClosed(int32_t stream_id, uint32_t error_code) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return;  // failed here already
  std::shared_ptr<Stream> stream = std::move(it->second);
  streams_.erase(it);
  if (stream->failure.has_value()) {
    CallResult result = std::move(*stream->failure);
    Defer([stream, result = std::move(result)]() mutable {
      if (stream->call->control) stream->call->control->Unbind();
      if (stream->call->done) stream->call->done(std::move(result));
    });
    return;
  }
  if (error_code == NGHTTP2_REFUSED_STREAM && !stream->response_headers_seen) {
    // Refused before any processing (or above a GOAWAY's last stream): safe to send again.
    Defer([this, stream] {
      if (stream->call->control) stream->call->control->Unbind();
      if (listener_ != nullptr) {
        listener_->OnUnsent(std::move(stream->call));
      } else if (stream->call->done) {
        stream->call->done(ResultOfReset(NGHTTP2_REFUSED_STREAM));
      }
    });
    return;
  }
  CallResult result;
  if (error_code != NGHTTP2_NO_ERROR) {
    result = ResultOfReset(error_code);
  } else {
    result.status = StatusFromTrailers(stream->http_status, stream->trailers);
    if (result.status.ok()) {
      if (!stream->reader.at_boundary()) {
        result = Failure(grpc::StatusCode::INTERNAL, "truncated response message", true);
      } else if (!stream->call->streaming()) {
        if (stream->messages.size() != 1) {
          result = Failure(grpc::StatusCode::INTERNAL, "the response carries no message", true);
        } else {
          result.response = std::move(stream->messages.front());
          stream->messages.clear();
        }
      }
    } else if (stream->http_status != 200 &&
               std::none_of(stream->trailers.begin(), stream->trailers.end(),
                            [](const HeaderField& f) { return f.name == "grpc-status"; })) {
      result.backend_fault = true;  // not a gRPC response at all
    }
  }
  Defer([stream, result = std::move(result)]() mutable {
    GrpcCall& call = *stream->call;
    // Messages that arrived before the end and were not delivered yet go first, unless the
    // call ended badly (a failed call delivers nothing more).
    if (call.streaming() && result.status.ok()) {
      for (std::string& message : stream->messages) call.on_message(std::move(message));
    }
    if (call.control) call.control->Unbind();
    if (call.done) call.done(std::move(result));
  });
}

void Http2Connection::FailStream(int32_t stream_id, CallResult result) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end() || state_ == State::kClosed) return;
  std::shared_ptr<Stream> stream = std::move(it->second);
  streams_.erase(it);
  nghttp2_session_set_stream_user_data(session_, stream_id, nullptr);
  nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, stream_id, NGHTTP2_CANCEL);
  ScheduleFlush();
  Defer([stream, result = std::move(result)]() mutable {
    if (stream->call->control) stream->call->control->Unbind();
    if (stream->call->done) stream->call->done(std::move(result));
  });
}

void Http2Connection::RunDeferred() {
  if (running_deferred_) return;
  running_deferred_ = true;
  // Callbacks may defer more; run until none is left.
  for (size_t i = 0; i < deferred_.size(); ++i) {
    std::function<void()> fn = std::move(deferred_[i]);
    fn();
  }
  deferred_.clear();
  running_deferred_ = false;
  CloseIfDrained();
}

void Http2Connection::ScheduleFlush() {
  if (flush_scheduled_ || state_ == State::kClosed) return;
  flush_scheduled_ = true;
  // After the handlers already queued on this context have run, so that their frames share the
  // write. Deferred callbacks made outside nghttp2's input run here too.
  net::post(io_, [self = shared_from_this()] {
    self->flush_scheduled_ = false;
    self->RunDeferred();
    self->Flush();
  });
}

void Http2Connection::Flush() {
  if (state_ == State::kClosed || !socket_.is_open()) return;
  while (true) {
    const uint8_t* data = nullptr;
    const ssize_t n = nghttp2_session_mem_send(session_, &data);
    if (n < 0) {
      Close(absl::InternalError(absl::StrCat("HTTP/2: ", nghttp2_strerror(static_cast<int>(n)))));
      return;
    }
    if (n == 0) break;
    out_.append(reinterpret_cast<const char*>(data), static_cast<size_t>(n));
  }
  // Streams closed by what was just sent (RST_STREAM) complete now.
  RunDeferred();
  if (state_ == State::kClosed) return;
  if (write_in_flight_) return;
  if (out_.empty()) {
    if (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_)) {
      Close(absl::UnavailableError("backend connection ended"));
    }
    return;
  }
  write_in_flight_ = true;
  writing_.swap(out_);
  out_.clear();
  net::async_write(socket_, net::buffer(writing_),
                   [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                     self->write_in_flight_ = false;
                     self->writing_.clear();
                     if (self->state_ == State::kClosed) return;
                     if (ec) {
                       self->Close(absl::UnavailableError(
                           absl::StrCat("connection to backend lost: ", ec.message())));
                       return;
                     }
                     self->Flush();
                   });
}

void Http2Connection::Read() {
  socket_.async_read_some(
      net::buffer(in_.data(), in_.size()),
      [self = shared_from_this()](const boost::system::error_code& ec, size_t n) {
        if (self->state_ == State::kClosed) return;
        if (ec) {
          self->Close(absl::UnavailableError(
              ec == net::error::eof ? std::string("backend closed the connection")
                                    : absl::StrCat("connection to backend lost: ", ec.message())));
          return;
        }
        const ssize_t rv = nghttp2_session_mem_recv(
            self->session_, reinterpret_cast<const uint8_t*>(self->in_.data()), n);
        self->RunDeferred();
        if (self->state_ == State::kClosed) return;
        if (rv < 0) {
          self->Close(absl::InternalError(absl::StrCat("HTTP/2 protocol error from backend: ",
                                                       nghttp2_strerror(static_cast<int>(rv)))));
          return;
        }
        self->Flush();
        if (self->state_ != State::kClosed && nghttp2_session_want_read(self->session_)) {
          self->Read();
        }
      });
}

void Http2Connection::CloseIfDrained() {
  if (draining_ && streams_.empty() && queued_.empty() && state_ != State::kClosed &&
      !running_deferred_) {
    Close(absl::UnavailableError("backend connection drained (GOAWAY)"));
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
    if (self->state_ == State::kClosed) return;
    if (!self->streams_.empty() || !self->queued_.empty() || self->state_ == State::kConnecting) {
      self->ArmDeadlineTimer();
    }
  });
}

void Http2Connection::CheckDeadlines() {
  const absl::Time now = absl::Now();
  if (state_ == State::kConnecting && now >= connect_deadline_) {
    Close(absl::UnavailableError(
        absl::StrCat("timed out connecting to ", options_.host, ":", options_.port)));
    return;
  }
  std::vector<int32_t> late;
  for (const auto& [id, stream] : streams_) {
    if (stream->call->deadline <= now) late.push_back(id);
  }
  for (int32_t id : late) {
    FailStream(id, Failure(grpc::StatusCode::DEADLINE_EXCEEDED, "backend deadline exceeded"));
  }
  for (auto it = queued_.begin(); it != queued_.end();) {
    if ((*it)->deadline <= now) {
      std::shared_ptr<GrpcCall> call = std::move(*it);
      it = queued_.erase(it);
      Defer([call] {
        if (call->done) {
          call->done(Failure(grpc::StatusCode::DEADLINE_EXCEEDED, "backend deadline exceeded"));
        }
      });
    } else {
      ++it;
    }
  }
  RunDeferred();
}

void Http2Connection::Close(const absl::Status& status) {
  if (state_ == State::kClosed) return;
  const bool was_connected = settings_received_;
  if (socket_.is_open() && was_connected && !write_in_flight_) {
    // Best effort: tell the server we are going, without waiting.
    nghttp2_session_terminate_session(session_, NGHTTP2_NO_ERROR);
    const uint8_t* data = nullptr;
    const ssize_t n = nghttp2_session_mem_send(session_, &data);
    if (n > 0) {
      boost::system::error_code ignored;
      socket_.non_blocking(true, ignored);
      socket_.send(net::buffer(data, static_cast<size_t>(n)), 0, ignored);
    }
  }
  state_ = State::kClosed;
  boost::system::error_code ignored;
  if (socket_.is_open()) {
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }
  resolver_.cancel();
  deadline_timer_.cancel();
  std::vector<std::unique_ptr<GrpcCall>> failed;
  std::vector<std::unique_ptr<GrpcCall>> unsent;
  for (auto& [id, stream] : streams_) {
    nghttp2_session_set_stream_user_data(session_, id, nullptr);
    if (stream->call->control) stream->call->control->Unbind();
    (stream->sent ? failed : unsent).push_back(std::move(stream->call));
  }
  streams_.clear();
  for (auto& call : queued_) unsent.push_back(std::move(call));
  queued_.clear();
  ConnectionListener* listener = listener_;
  if (listener != nullptr) listener->OnClosed(status, was_connected);
  const CallResult failure = Failure(grpc::StatusCode::UNAVAILABLE, std::string(status.message()));
  for (auto& call : failed) {
    if (call->done) call->done(failure);
  }
  for (auto& call : unsent) {
    if (listener != nullptr) {
      listener->OnUnsent(std::move(call));
    } else if (call->done) {
      call->done(failure);
    }
  }
}

size_t Http2Connection::buffered_bytes() const {
  size_t total = 0;
  for (const auto& [id, stream] : streams_) {
    total += stream->reader.buffered_bytes();
    for (const std::string& message : stream->messages) total += message.size();
  }
  return total;
}

void Http2Connection::Abandon() {
  auto self = shared_from_this();
  listener_ = nullptr;
  for (auto& [id, stream] : streams_) {
    stream->call->done = nullptr;
    stream->call->on_message = nullptr;
  }
  for (auto& call : queued_) call->done = nullptr;
  deferred_.clear();
  Close(absl::CancelledError("channel shut down"));
}

}  // namespace civitas::http2
