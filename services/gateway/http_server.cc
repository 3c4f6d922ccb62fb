#include "services/gateway/http_server.h"

#include <sys/socket.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
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

// Session: one HTTP/1.1 connection, on one event loop. The next request is read while earlier
// ones are at their backend; responses go out in request order, each written straight to the
// socket with a non-blocking send as soon as it is next in line.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, GatewayHandler* handler, const HttpServerOptions& options)
      : stream_(std::move(socket)), handler_(handler), options_(options) {}

  void Start() { Read(); }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(options_.body_limit);
    stream_.expires_after(absl::ToChronoSeconds(options_.idle_timeout));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      HttpResponse r;
      r.status = 413;
      r.headers.emplace_back("Content-Type", "application/problem+json");
      r.body =
          ProblemJson(413, "INVALID_ARGUMENT",
                      absl::StrCat("request body exceeds ", options_.body_limit, " bytes"), {}, "");
      Complete(next_seq_++, /*keep_alive=*/false, std::move(r));
      return;
    }
    if (ec) {
      // The peer closed or the connection failed; responses in flight still go out if they can.
      read_closed_ = true;
      if (next_write_ == next_seq_ && !async_writing_) ShutdownSend();
      return;
    }
    http::request<http::string_body> req = parser_->release();
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
    handler_->Handle(request, [self = shared_from_this(), seq, keep_alive](HttpResponse response) {
      self->Complete(seq, keep_alive, std::move(response));
    });
    if (keep_alive) Read();
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
            stream_.socket(), net::buffer(*rest),
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
    if (read_closed_ && next_write_ == next_seq_ && !async_writing_) ShutdownSend();
  }

  // Non-blocking send of as much as the socket takes now.
  size_t SendNow(const std::string& bytes) {
    if (closing_) return bytes.size();
    int fd = stream_.socket().native_handle();
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

  void ShutdownSend() { ::shutdown(stream_.socket().native_handle(), SHUT_WR); }

  struct Ready {
    std::string bytes;
    bool close;
  };

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  GatewayHandler* const handler_;
  const HttpServerOptions& options_;
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
