// HttpServer: HTTP/1.1 with keep-alive on Boost.Beast, handing each request to GatewayHandler.
// Requests over the body limit get 413 before their body is read.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/gateway/gateway_handler.h"

namespace civitas::gateway {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  size_t body_limit = 1 << 20;
  absl::Duration idle_timeout = absl::Seconds(60);
};

// Runs on the io_context the caller drives; owns the acceptor; does not own the handler.
class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, GatewayHandler* handler, HttpServerOptions options);
  absl::Status Start();
  int port() const { return port_; }
  void Stop();

 private:
  void Accept();

  boost::asio::io_context& io_;
  GatewayHandler* const handler_;
  const HttpServerOptions options_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
};

}  // namespace civitas::gateway
