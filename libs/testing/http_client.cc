#include "libs/testing/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace civitas::testing {

absl::StatusOr<HttpResult> HttpCall(const std::string& host, int port, const std::string& method,
                                    const std::string& target,
                                    const std::vector<std::pair<std::string, std::string>>& headers,
                                    const std::string& body) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  namespace net = boost::asio;
  try {
    net::io_context io;
    net::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(resolver.resolve(host, std::to_string(port)));
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, host);
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty()) {
      req.body() = body;
      if (req.find(http::field::content_type) == req.end()) {
        req.set(http::field::content_type, "application/json");
      }
    }
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    // A HEAD response announces a body it does not carry.
    if (method == "HEAD") parser.skip(true);
    http::read(stream, buffer, parser);
    auto res = parser.release();
    HttpResult out;
    out.status = res.result_int();
    for (const auto& f : res) {
      out.headers[absl::AsciiStrToLower(std::string(f.name_string()))] = std::string(f.value());
    }
    out.body = res.body();
    beast::error_code ec;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
    return out;
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("http ", method, " ", target, ": ", e.what()));
  }
}

}  // namespace civitas::testing
