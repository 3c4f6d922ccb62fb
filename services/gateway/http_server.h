// HttpServer: HTTP/1.1 with keep-alive on Boost.Beast. Connections are spread over event loops;
// each connection lives on one loop and hands its requests to that loop's GatewayHandler, so a
// request is read, forwarded and answered on one thread. Requests over the body limit (the upload
// limit for uploads) get 413 before their body is read.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/gateway/gateway_handler.h"

namespace civitas::gateway {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  size_t body_limit = 1 << 20;
  // The body limit of uploads (routes of client-streaming methods, e.g. data value imports).
  size_t upload_body_limit = 1 << 20;
  absl::Duration idle_timeout = absl::Seconds(60);
};

// One event loop and the handler that serves its connections.
struct HttpLoop {
  boost::asio::io_context* io;
  GatewayHandler* handler;
};

// The acceptor runs on the first loop; accepted connections go to the loops in turn. Owns the
// acceptor; does not own the loops or handlers.
class HttpServer {
 public:
  HttpServer(std::vector<HttpLoop> loops, HttpServerOptions options);
  absl::Status Start();
  int port() const { return port_; }
  // Stops accepting (from any thread); connections already open keep being served.
  void Stop();

 private:
  void Accept();

  const std::vector<HttpLoop> loops_;
  const HttpServerOptions options_;
  boost::asio::ip::tcp::acceptor acceptor_;
  size_t next_loop_ = 0;
  int port_ = 0;
};

}  // namespace civitas::gateway
