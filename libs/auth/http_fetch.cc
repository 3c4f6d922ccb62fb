#include "libs/auth/http_fetch.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace civitas {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// Runs one exchange on its own io_context, stopped at the deadline: Beast's timeouts apply to
// asynchronous operations only.
template <typename Stream>
class Exchange {
 public:
  Exchange(asio::io_context& io, Stream& stream, const HttpUrl& url, const HttpFetchOptions& o)
      : io_(io), stream_(stream), url_(url), options_(o) {}

  absl::StatusOr<std::string> Run(
      std::function<void(std::function<void(beast::error_code)>)> handshake) {
    asio::ip::tcp::resolver resolver(io_);
    resolver.async_resolve(
        url_.host, url_.port,
        [&](beast::error_code ec, asio::ip::tcp::resolver::results_type results) {
          if (ec) return Finish(ec, "resolve");
          beast::get_lowest_layer(stream_).async_connect(
              results, [&, handshake](beast::error_code ec, auto) {
                if (ec) return Finish(ec, "connect");
                handshake([&](beast::error_code ec) {
                  if (ec) return Finish(ec, "TLS handshake");
                  Send();
                });
              });
        });
    io_.run_for(std::chrono::microseconds(absl::ToInt64Microseconds(options_.timeout)));
    if (!result_.has_value()) {
      return absl::DeadlineExceededError(absl::StrCat("no answer from ", url_.host, " within ",
                                                      absl::FormatDuration(options_.timeout)));
    }
    return *result_;
  }

 private:
  void Send() {
    request_.method(http::verb::get);
    request_.target(url_.target);
    request_.version(11);
    // RFC 9112 3.2: the port when it is not the scheme's, an IPv6 address in brackets.
    const bool v6 = url_.host.find(':') != std::string::npos;
    const bool default_port = url_.port == (url_.tls ? "443" : "80");
    request_.set(http::field::host,
                 absl::StrCat(v6 ? "[" : "", url_.host, v6 ? "]" : "", default_port ? "" : ":",
                              default_port ? "" : url_.port));
    request_.set(http::field::accept, "application/json, application/jwk-set+json");
    request_.set(http::field::user_agent, "civitas");
    request_.set(http::field::connection, "close");
    http::async_write(stream_, request_, [this](beast::error_code ec, size_t) {
      if (ec) return Finish(ec, "send");
      parser_.body_limit(options_.max_body_bytes);
      http::async_read(stream_, buffer_, parser_, [this](beast::error_code ec, size_t) {
        if (ec == http::error::body_limit) {
          result_ = absl::ResourceExhaustedError(
              absl::StrCat(url_.host, " answered more than ", options_.max_body_bytes, " bytes"));
          return;
        }
        if (ec) return Finish(ec, "read");
        const auto& response = parser_.get();
        if (response.result() != http::status::ok) {
          result_ = absl::UnavailableError(absl::StrCat(url_.host, url_.target, " answered ",
                                                        response.result_int(), " (expected 200)"));
          return;
        }
        // Checked here too: the parser's body_limit did not refuse a 4 KiB body under a 1 KiB
        // limit in the test (Boost 1.74; not understood yet), so the parser's own default (8 MiB
        // for responses) is what bounds the memory for now.
        if (response.body().size() > options_.max_body_bytes) {
          result_ = absl::ResourceExhaustedError(
              absl::StrCat(url_.host, " answered more than ", options_.max_body_bytes, " bytes"));
          return;
        }
        result_ = response.body();
      });
    });
  }

  void Finish(beast::error_code ec, absl::string_view step) {
    result_ = absl::UnavailableError(
        absl::StrCat(step, " ", url_.host, ":", url_.port, ": ", ec.message()));
  }

  asio::io_context& io_;
  Stream& stream_;
  const HttpUrl& url_;
  const HttpFetchOptions& options_;
  http::request<http::empty_body> request_;
  http::response_parser<http::string_body> parser_;
  beast::flat_buffer buffer_;
  std::optional<absl::StatusOr<std::string>> result_;
};

}  // namespace

absl::StatusOr<HttpUrl> ParseHttpUrl(absl::string_view url) {
  HttpUrl out;
  absl::string_view rest = url;
  if (absl::ConsumePrefix(&rest, "https://")) {
    out.tls = true;
  } else if (!absl::ConsumePrefix(&rest, "http://")) {
    return absl::InvalidArgumentError(absl::StrCat("'", url, "' is not an http(s):// URL"));
  }
  size_t slash = rest.find_first_of("/?#");
  absl::string_view authority = rest.substr(0, slash);
  out.target = slash == absl::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (absl::StartsWith(out.target, "?")) out.target = "/" + out.target;
  if (size_t hash = out.target.find('#'); hash != std::string::npos) out.target.resize(hash);
  if (authority.find('@') != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat("'", url, "' carries credentials"));
  }
  absl::string_view host = authority;
  absl::string_view port;
  if (absl::StartsWith(authority, "[")) {
    size_t close = authority.find(']');
    if (close == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("'", url, "' has an unclosed [host]"));
    }
    host = authority.substr(1, close - 1);
    absl::string_view after = authority.substr(close + 1);
    if (!after.empty() && !absl::ConsumePrefix(&after, ":")) {
      return absl::InvalidArgumentError(absl::StrCat("'", url, "' is not host:port"));
    }
    port = after;
  } else if (size_t colon = authority.rfind(':'); colon != absl::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  int port_number = 0;
  if (!port.empty() &&
      (!absl::SimpleAtoi(port, &port_number) || port_number <= 0 || port_number > 65535)) {
    return absl::InvalidArgumentError(absl::StrCat("'", url, "' has a bad port"));
  }
  if (host.empty()) return absl::InvalidArgumentError(absl::StrCat("'", url, "' has no host"));
  out.host = std::string(host);
  out.port = port.empty() ? (out.tls ? "443" : "80") : std::string(port);
  return out;
}

bool IsLoopbackHost(absl::string_view host) {
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  beast::error_code ec;
  auto address = asio::ip::make_address(std::string(host), ec);
  return !ec && address.is_loopback();
}

absl::StatusOr<std::string> HttpFetch(const HttpUrl& url, const HttpFetchOptions& options) {
  asio::io_context io;
  if (!url.tls) {
    beast::tcp_stream stream(io);
    Exchange<beast::tcp_stream> exchange(io, stream, url, options);
    return exchange.Run([](std::function<void(beast::error_code)> done) { done({}); });
  }
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_options(asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 |
                  asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  beast::error_code ec;
  if (options.ca_file.empty()) {
    tls.set_default_verify_paths(ec);
  } else {
    tls.load_verify_file(options.ca_file, ec);
  }
  if (ec) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot load the trusted certificates ",
        options.ca_file.empty() ? "of the system" : options.ca_file, ": ", ec.message()));
  }
  tls.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
  // SNI: the name the server chooses its certificate by.
  if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
    return absl::InternalError("cannot set the TLS server name");
  }
  Exchange<beast::ssl_stream<beast::tcp_stream>> exchange(io, stream, url, options);
  return exchange.Run([&stream](std::function<void(beast::error_code)> done) {
    stream.async_handshake(asio::ssl::stream_base::client,
                           [done](beast::error_code ec) { done(ec); });
  });
}

}  // namespace civitas
