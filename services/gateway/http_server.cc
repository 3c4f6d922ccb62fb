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
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, GatewayHandler* handler, const HttpServerOptions& options)
      : socket_(std::move(socket)),
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

  void NewParser() {
    parser_.emplace();
    parser_->body_limit(options_.body_limit);
    parser_->eager(true);
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
      // EOF or a failed connection: answer what was parsed, then stop reading.
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
      if (!parser_->is_done()) {
        if (used == 0) return;
        continue;
      }
      Dispatch(parser_->release());
      NewParser();
    }
  }

  void RejectMalformed(const beast::error_code& ec) {
    HttpResponse r;
    r.headers.emplace_back("Content-Type", "application/problem+json");
    if (ec == http::error::body_limit) {
      r.status = 413;
      r.body =
          ProblemJson(413, "INVALID_ARGUMENT",
                      absl::StrCat("request body exceeds ", options_.body_limit, " bytes"), {}, "");
    } else if (ec == http::error::header_limit) {
      r.status = 431;
      r.body = ProblemJson(431, "INVALID_ARGUMENT", "request headers are too large", {}, "");
    } else {
      r.status = 400;
      r.body = ProblemJson(400, "INVALID_ARGUMENT",
                           absl::StrCat("malformed HTTP request: ", ec.message()), {}, "");
    }
    // Nothing after a malformed request can be trusted: answer and close.
    read_closed_ = true;
    Complete(next_seq_++, /*keep_alive=*/false, std::move(r));
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
    const uint64_t seq = next_seq_++;
    if (!keep_alive) read_closed_ = true;
    handler_->Handle(request, [self = shared_from_this(), seq, keep_alive](HttpResponse response) {
      self->Complete(seq, keep_alive, std::move(response));
    });
  }

  void EndReading() {
    read_closed_ = true;
    if (next_write_ == next_seq_ && !async_writing_) ShutdownSend();
  }

  void ArmIdleTimer(std::chrono::steady_clock::duration after) {
    idle_timer_.expires_after(after);
    idle_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->closing_) return;
      const auto timeout = absl::ToChronoMilliseconds(self->options_.idle_timeout);
      const auto idle = std::chrono::steady_clock::now() - self->last_activity_;
      if (idle >= timeout && self->next_write_ == self->next_seq_) {
        self->closing_ = true;
        self->read_closed_ = true;
        boost::system::error_code ignored;
        self->socket_.shutdown(tcp::socket::shutdown_both, ignored);
        self->socket_.close(ignored);
        return;
      }
      self->ArmIdleTimer(idle >= timeout ? timeout : timeout - idle);
    });
  }

  static std::string Serialize(const HttpResponse& r, bool keep_alive) {
    std::string out = absl::StrCat("HTTP/1.1 ", r.status, " ", HttpReasonPhrase(r.status),
                                   "\r\nServer: civitas-gateway\r\n");
    for (const auto& [k, v] : r.headers) absl::StrAppend(&out, k, ": ", v, "\r\n");
    absl::StrAppend(&out, "Content-Length: ", r.body.size(), "\r\n");
    if (!keep_alive) out += "Connection: close\r\n";
    out += "\r\n";
    out += r.body;
    return out;
  }

  // Queues the response and writes every response that is next in order.
  void Complete(uint64_t seq, bool keep_alive, HttpResponse response) {
    ready_.emplace(seq, Ready{Serialize(response, keep_alive), !keep_alive});
    WriteReady();
  }

  void WriteReady() {
    while (!async_writing_) {
      auto it = ready_.find(next_write_);
      if (it == ready_.end()) break;
      Ready out = std::move(it->second);
      ready_.erase(it);
      ++next_write_;
      size_t sent = SendNow(out.bytes);
      if (sent < out.bytes.size()) {
        // The socket buffer is full: the rest goes out asynchronously, later responses wait.
        async_writing_ = true;
        auto rest = std::make_shared<std::string>(out.bytes.substr(sent));
        net::async_write(
            socket_, net::buffer(*rest),
            [self = shared_from_this(), rest, close = out.close](beast::error_code ec, size_t) {
              self->async_writing_ = false;
              if (ec || close) {
                self->closing_ = true;
                self->ShutdownSend();
                return;
              }
              self->WriteReady();
            });
        return;
      }
      if (out.close) {
        closing_ = true;
        ShutdownSend();
        return;
      }
    }
    if (read_closed_ && next_write_ == next_seq_ && !async_writing_) {
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

  // Non-blocking send of as much as the socket takes now.
  size_t SendNow(const std::string& bytes) {
    if (closing_) return bytes.size();
    int fd = socket_.native_handle();
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      // The connection is gone; drop the response.
      closing_ = true;
      return bytes.size();
    }
    return sent;
  }

  void ShutdownSend() {
    if (socket_.is_open()) ::shutdown(socket_.native_handle(), SHUT_WR);
  }

  struct Ready {
    std::string bytes;
    bool close;
  };

  tcp::socket socket_;
  net::steady_timer idle_timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  GatewayHandler* const handler_;
  const HttpServerOptions& options_;
  std::chrono::steady_clock::time_point last_activity_;
  bool read_waiting_ = false;
  bool in_write_ready_parse_ = false;
  uint64_t next_seq_ = 0;
  std::map<uint64_t, Ready> ready_;
  uint64_t next_write_ = 0;
  bool async_writing_ = false;
  bool closing_ = false;
  bool read_closed_ = false;
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
