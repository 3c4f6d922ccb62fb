#include "services/gateway/http_server.h"

#include <sys/socket.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/gateway/http_errors.h"

namespace civitas::gateway {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Session: one HTTP/1.1 connection, on one event loop. Each read takes what the socket has and
// every complete request in it is parsed (pipelined ones included). Requests
// go to the handler as they are parsed, while earlier ones are still at their backend; responses go
// out in request order, each written straight to the socket with a non-blocking send as soon as
// it is next in line. An idle connection is closed after the idle timeout, checked by one timer
// that is re-armed only when it fires.
class Session : public std::enable_shared_from_this<Session>, public BodySink {
 public:
  Session(tcp::socket socket, GatewayHandler* handler, const HttpServerOptions& options)
      : client_address_(ClientAddress(socket)),
        socket_(std::move(socket)),
        idle_timer_(socket_.get_executor()),
        handler_(handler),
        options_(options) {}

  void Start() {
    last_activity_ = std::chrono::steady_clock::now();
    ArmIdleTimer(absl::ToChronoMilliseconds(options_.idle_timeout));
    NewParser();
    WaitReadable();
  }

 private:
  // Requests one connection may have in flight before its reading pauses.
  static constexpr uint64_t kMaxPipelined = 64;
  static constexpr size_t kReadChunk = 16 * 1024;
  // Unsent bytes of a streamed body above which its producer is told to wait.
  static constexpr size_t kStreamBufferBound = 256 * 1024;

  // What the response to a request depends on.
  struct RequestShape {
    bool keep_alive = true;
    bool head = false;
    bool chunked = true;
  };

  void NewParser() {
    parser_.emplace();
    // The header first: its route says which limit the body has (uploads have a larger one).
    parser_->body_limit(std::max(options_.body_limit, options_.upload_body_limit));
    parser_->eager(false);
    body_limit_ = 0;
  }

  // Once the header is parsed: the body's limit for its route. False (and the request refused
  // 413) when its declared length is beyond it.
  bool LimitBody() {
    const auto& header = parser_->get();
    // Only a POST can be an upload: other requests are not matched against the routes here.
    // Its credentials are checked before its body is read.
    auto value = [&header](auto field) {
      auto it = header.find(field);
      return it == header.end() ? std::string() : std::string(it->value());
    };
    body_limit_ = header.method() == http::verb::post &&
                          handler_->IsUpload(std::string(header.method_string()),
                                             std::string(header.target()),
                                             value(http::field::authorization), value("x-api-key"))
                      ? options_.upload_body_limit
                      : options_.body_limit;
    if (parser_->content_length().has_value() && *parser_->content_length() > body_limit_) {
      return false;
    }
    parser_->body_limit(body_limit_);
    parser_->eager(true);
    return true;
  }

  void WaitReadable() {
    if (read_closed_ || read_waiting_) return;
    if (next_seq_ - next_write_ >= kMaxPipelined) return;  // resumed by WriteReady
    read_waiting_ = true;
    // Asio tries the read at once and waits for epoll only if nothing is there; with Boost 1.74
    // that costs one EAGAIN read per request (async_wait would cost an epoll_ctl instead).
    socket_.async_read_some(
        buffer_.prepare(kReadChunk),
        [self = shared_from_this()](const boost::system::error_code& ec, size_t n) {
          self->read_waiting_ = false;
          self->OnRead(ec, n);
        });
  }

  void OnRead(const boost::system::error_code& ec, size_t n) {
    if (read_closed_) return;
    if (ec) {
      // EOF: answer what was parsed, then stop reading. A failed connection: nobody to answer
      // (a stream in progress is cancelled).
      if (ec != net::error::eof) return Close();
      ParseBuffered();
      return EndReading();
    }
    buffer_.commit(n);
    last_activity_ = std::chrono::steady_clock::now();
    ParseBuffered();
    WaitReadable();
  }

  // Hands every complete request in the buffer to the handler.
  void ParseBuffered() {
    while (!read_closed_ && buffer_.size() > 0 && next_seq_ - next_write_ < kMaxPipelined) {
      beast::error_code ec;
      const size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) return;
      if (ec) return RejectMalformed(ec);
      if (body_limit_ == 0 && parser_->is_header_done()) {
        if (!LimitBody()) return RejectMalformed(http::error::body_limit);
        // A client that asked to be told before it sends its body (curl does so above 1 MB,
        // and waits a second when nobody answers) is told, once the body fits its limit.
        continue_pending_ = !parser_->is_done() && ExpectsContinue(parser_->get());
        SendContinue();
      }
      if (!parser_->is_done()) {
        if (used == 0) return;
        continue;
      }
      continue_pending_ = false;  // the body is here: no interim answer after the final one
      Dispatch(parser_->release());
      NewParser();
    }
  }

  void RejectMalformed(const beast::error_code& ec) {
    int status = 400;
    std::string detail = absl::StrCat("malformed HTTP request: ", ec.message());
    if (ec == http::error::body_limit) {
      status = 413;
      // Refused before its route was known: beyond every limit.
      detail =
          absl::StrCat("request body exceeds ",
                       body_limit_ == 0 ? std::max(options_.body_limit, options_.upload_body_limit)
                                        : body_limit_,
                       " bytes");
    } else if (ec == http::error::header_limit) {
      status = 431;
      detail = "request headers are too large";
    }
    HttpRequest request;
    if (parser_->is_header_done()) {
      request.method = std::string(parser_->get().method_string());
      request.target = std::string(parser_->get().target());
    }
    // Nothing after a malformed request can be trusted: answer and close.
    read_closed_ = true;
    continue_pending_ = false;
    const uint64_t seq = next_seq_++;
    handler_->Reject(request, status, detail,
                     [self = shared_from_this(), seq](HttpResponse response) {
                       self->Complete(seq, RequestShape{false, false, true}, std::move(response));
                     });
  }

  static bool ExpectsContinue(const http::request<http::string_body>& header) {
    auto it = header.find(http::field::expect);
    return header.version() >= 11 && it != header.end() &&
           absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(
                                      absl::string_view(it->value().data(), it->value().size())),
                                  "100-continue");
  }

  // "100 Continue" for the request being read, once every response before it has been written
  // (responses go out in request order; an interim one too).
  void SendContinue() {
    // Not once the connection is to end after what is queued (a close-delimited body, a
    // `Connection: close` answer, the client's end of sending): the request is not read.
    if (close_after_send_ || read_closed_) continue_pending_ = false;
    if (!continue_pending_ || closing_ || active_stream_ != nullptr || next_write_ != next_seq_) {
      return;
    }
    continue_pending_ = false;
    out_ += "HTTP/1.1 100 Continue\r\n\r\n";
    Send();
  }

  void Dispatch(http::request<http::string_body> req) {
    const bool keep_alive = req.keep_alive();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    for (const auto& field : req) {
      request.headers[absl::AsciiStrToLower(std::string(field.name_string()))] =
          std::string(field.value());
    }
    request.body = std::move(req.body());
    request.client_address = client_address_;
    const RequestShape shape{keep_alive, req.method() == http::verb::head, req.version() >= 11};
    const uint64_t seq = next_seq_++;
    if (!keep_alive) read_closed_ = true;
    handler_->Handle(request, [self = shared_from_this(), seq, shape](HttpResponse response) {
      self->Complete(seq, shape, std::move(response));
    });
  }

  void EndReading() {
    read_closed_ = true;
    continue_pending_ = false;
    if (next_write_ == next_seq_ && active_stream_ == nullptr && out_.empty()) ShutdownSend();
  }

  void ArmIdleTimer(std::chrono::steady_clock::duration after) {
    idle_timer_.expires_after(after);
    idle_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->closing_) return;
      const auto timeout = absl::ToChronoMilliseconds(self->options_.idle_timeout);
      const auto now = std::chrono::steady_clock::now();
      auto idle = now - self->last_activity_;
      if (self->active_stream_ != nullptr) {
        // A stream is idle only while its client takes nothing (it may read for a long time).
        idle = self->stream_blocked_ ? now - self->last_write_progress_
                                     : std::chrono::steady_clock::duration::zero();
      }
      if (idle >= timeout &&
          (self->next_write_ == self->next_seq_ || self->active_stream_ != nullptr)) {
        return self->Close();
      }
      self->ArmIdleTimer(idle >= timeout ? timeout : timeout - idle);
    });
  }

  // The response head, and the whole body unless it is streamed or the request was HEAD. Written
  // here rather than by Beast's response_serializer, which costs 12% more instructions per GET
  // (bench/README.md, "instructions per GET") for a head this simple.
  static std::string Serialize(const HttpResponse& r, bool keep_alive, bool head_only,
                               bool chunked) {
    std::string out = absl::StrCat("HTTP/1.1 ", r.status, " ", HttpReasonPhrase(r.status),
                                   "\r\nServer: civitas-gateway\r\n");
    for (const auto& [k, v] : r.headers) absl::StrAppend(&out, k, ": ", v, "\r\n");
    if (r.stream != nullptr) {
      if (chunked) out += "Transfer-Encoding: chunked\r\n";
    } else if (r.status != 304 && r.status != 204) {
      absl::StrAppend(&out, "Content-Length: ", r.body.size(), "\r\n");
    }
    if (!keep_alive) out += "Connection: close\r\n";
    out += "\r\n";
    if (!head_only && r.stream == nullptr) out += r.body;
    return out;
  }

  // Queues the response and writes every response that is next in order.
  void Complete(uint64_t seq, const RequestShape& shape, HttpResponse response) {
    // Without chunked encoding (HTTP/1.0) a streamed body ends with the connection.
    const bool keep_alive = shape.keep_alive && (response.stream == nullptr || shape.chunked);
    Ready ready{Serialize(response, keep_alive, shape.head, shape.chunked), !keep_alive,
                std::move(response.stream), shape.head, shape.chunked};
    ready_.emplace(seq, std::move(ready));
    WriteReady();
  }

  void WriteReady() {
    if (in_write_ready_) return;
    in_write_ready_ = true;
    while (active_stream_ == nullptr && !closing_ && !close_after_send_) {
      auto it = ready_.find(next_write_);
      if (it == ready_.end()) break;
      Ready out = std::move(it->second);
      ready_.erase(it);
      ++next_write_;
      out_ += out.bytes;
      if (out.stream != nullptr) {
        if (out.head_only) {
          out.stream->Cancel();
        } else {
          // The body follows as the stream produces it; later responses wait for its end.
          active_stream_ = std::move(out.stream);
          stream_chunked_ = out.chunked;
          stream_close_ = out.close;
          stream_blocked_ = false;
          self_while_streaming_ = shared_from_this();
          Send();
          if (closing_) break;
          active_stream_->Start(this);
          continue;
        }
      }
      if (out.close) close_after_send_ = true;
    }
    in_write_ready_ = false;
    SendContinue();
    Send();
    if (closing_) return;
    if (read_closed_ && next_write_ == next_seq_ && active_stream_ == nullptr && out_.empty()) {
      ShutdownSend();
    } else if (next_seq_ - next_write_ < kMaxPipelined) {
      // Reading may have paused at the pipelining limit.
      if (buffer_.size() > 0 && !in_write_ready_parse_) {
        in_write_ready_parse_ = true;
        ParseBuffered();
        in_write_ready_parse_ = false;
      }
      WaitReadable();
    }
  }

  // BodySink: the active stream's chunks.
  bool Write(absl::string_view chunk) override {
    if (active_stream_ == nullptr || closing_) return true;
    if (chunk.empty()) return out_.size() <= kStreamBufferBound;
    if (stream_chunked_) {
      absl::StrAppend(&out_, absl::Hex(chunk.size()), "\r\n", chunk, "\r\n");
    } else {
      out_.append(chunk.data(), chunk.size());
    }
    Send();
    const bool room = out_.size() <= kStreamBufferBound;
    if (!room) stream_blocked_ = true;
    return room;
  }

  void End() override {
    if (active_stream_ == nullptr) return;
    if (stream_chunked_) out_ += "0\r\n\r\n";
    if (stream_close_) close_after_send_ = true;
    EndStream();
    WriteReady();
  }

  void Abort() override {
    if (active_stream_ == nullptr) return;
    EndStream();
    Close();
  }

  void EndStream() {
    active_stream_.reset();
    // Released after this call returns: the session may be held only by this reference.
    net::post(socket_.get_executor(), [keep = std::move(self_while_streaming_)] {});
  }

  // Sends what `out_` holds without blocking; the rest goes when the socket is writable.
  void Send() {
    if (closing_ || write_waiting_) return;
    size_t sent = 0;
    const int fd = socket_.native_handle();
    while (sent < out_.size()) {
      ssize_t n = ::send(fd, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      // The client is gone.
      out_.clear();
      return Close();
    }
    out_.erase(0, sent);
    if (sent > 0) last_write_progress_ = std::chrono::steady_clock::now();
    if (!out_.empty()) {
      write_waiting_ = true;
      socket_.async_wait(tcp::socket::wait_write,
                         [self = shared_from_this()](const boost::system::error_code& ec) {
                           self->write_waiting_ = false;
                           if (ec) return self->Close();
                           self->Send();
                           if (!self->out_.empty() || self->closing_) return;
                           self->OnDrained();
                         });
      return;
    }
    if (close_after_send_) {
      closing_ = true;
      ShutdownSend();
    }
  }

  void OnDrained() {
    if (close_after_send_) {
      closing_ = true;
      ShutdownSend();
      return;
    }
    if (active_stream_ != nullptr && stream_blocked_) {
      stream_blocked_ = false;
      active_stream_->OnWritable();
    }
    WriteReady();
  }

  // The connection is over: a stream in progress is cancelled (its backend call with it).
  void Close() {
    if (closing_ && !socket_.is_open()) return;
    closing_ = true;
    read_closed_ = true;
    if (active_stream_ != nullptr) {
      std::shared_ptr<BodyStream> stream = std::move(active_stream_);
      stream->Cancel();
      net::post(socket_.get_executor(), [keep = std::move(self_while_streaming_)] {});
    }
    for (auto& [seq, ready] : ready_) {
      if (ready.stream != nullptr) ready.stream->Cancel();
    }
    ready_.clear();
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  void ShutdownSend() {
    if (socket_.is_open()) ::shutdown(socket_.native_handle(), SHUT_WR);
  }

  struct Ready {
    std::string bytes;
    bool close;
    std::shared_ptr<BodyStream> stream;
    bool head_only;
    bool chunked;
  };

  static std::string ClientAddress(const tcp::socket& socket) {
    boost::system::error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    return ec ? std::string() : endpoint.address().to_string();
  }

  const std::string client_address_;
  tcp::socket socket_;
  net::steady_timer idle_timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  GatewayHandler* const handler_;
  // The body limit of the request being parsed (0 until its header is parsed).
  size_t body_limit_ = 0;
  // The request being read asked for "100 Continue" and has not been sent it yet.
  bool continue_pending_ = false;
  const HttpServerOptions& options_;
  std::chrono::steady_clock::time_point last_activity_;
  bool read_waiting_ = false;
  bool in_write_ready_parse_ = false;
  uint64_t next_seq_ = 0;
  std::map<uint64_t, Ready> ready_;
  uint64_t next_write_ = 0;
  // Bytes for the client not yet taken by the socket.
  std::string out_;
  bool write_waiting_ = false;
  bool in_write_ready_ = false;
  bool close_after_send_ = false;
  bool closing_ = false;
  bool read_closed_ = false;
  // The response whose body is being streamed; later responses wait for it.
  std::shared_ptr<BodyStream> active_stream_;
  std::shared_ptr<Session> self_while_streaming_;
  bool stream_chunked_ = false;
  bool stream_close_ = false;
  bool stream_blocked_ = false;
  std::chrono::steady_clock::time_point last_write_progress_;
};

}  // namespace

HttpServer::HttpServer(std::vector<HttpLoop> loops, HttpServerOptions options)
    : loops_(std::move(loops)), options_(std::move(options)), acceptor_(*loops_.front().io) {}

absl::Status HttpServer::Start() {
  beast::error_code ec;
  auto address = net::ip::make_address(options_.host, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("bad http host ", options_.host));
  tcp::endpoint endpoint(address, static_cast<unsigned short>(options_.port));
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.host, ":", options_.port, ": ", ec.message()));
  }
  port_ = acceptor_.local_endpoint().port();
  Accept();
  return absl::OkStatus();
}

void HttpServer::Accept() {
  const HttpLoop& loop = loops_[next_loop_++ % loops_.size()];
  acceptor_.async_accept(
      *loop.io, [this, handler = loop.handler](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted) return;
        if (!ec) {
          socket.set_option(tcp::no_delay(true), ec);
          // The socket belongs to its loop: start it there.
          auto executor = socket.get_executor();
          auto session = std::make_shared<Session>(std::move(socket), handler, options_);
          net::dispatch(executor, [session] { session->Start(); });
        }
        Accept();
      });
}

void HttpServer::Stop() {
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
}

}  // namespace civitas::gateway
