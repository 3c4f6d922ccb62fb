#include "libs/testing/document_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "absl/strings/str_cat.h"

namespace civitas::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct DocumentServer::Impl {
  asio::io_context io{1};
  asio::ip::tcp::acceptor acceptor{io};
  mutable absl::Mutex mu;
  std::map<std::string, std::string> documents ABSL_GUARDED_BY(mu);
  int forced_status ABSL_GUARDED_BY(mu) = 0;
  int requests ABSL_GUARDED_BY(mu) = 0;

  void Accept() {
    acceptor.async_accept([this](beast::error_code ec, asio::ip::tcp::socket socket) {
      if (ec) return;
      Serve(std::move(socket));
      Accept();
    });
  }

  // One request per connection, answered in order; loopback and tiny documents keep this simple.
  void Serve(asio::ip::tcp::socket socket) {
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    beast::error_code ec;
    http::read(socket, buffer, request, ec);
    if (ec) return;
    http::response<http::string_body> response;
    {
      absl::MutexLock lock(&mu);
      ++requests;
      auto it = documents.find(std::string(request.target()));
      if (forced_status != 0) {
        response.result(forced_status);
        response.body() = "forced";
      } else if (it == documents.end()) {
        response.result(http::status::not_found);
        response.body() = "not found";
      } else {
        response.result(http::status::ok);
        response.set(http::field::content_type, "application/json");
        response.body() = it->second;
      }
    }
    response.version(11);
    response.keep_alive(false);
    response.prepare_payload();
    http::write(socket, response, ec);
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  }
};

DocumentServer::DocumentServer() : impl_(std::make_unique<Impl>()) {
  asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->Accept();
  thread_ = std::thread([this] { impl_->io.run(); });
}

DocumentServer::~DocumentServer() {
  asio::post(impl_->io, [this] { impl_->acceptor.close(); });
  impl_->io.stop();
  thread_.join();
}

std::string DocumentServer::Url(const std::string& path) const {
  return absl::StrCat("http://127.0.0.1:", port_, path);
}

void DocumentServer::Set(const std::string& path, std::string body) {
  absl::MutexLock lock(&impl_->mu);
  impl_->documents[path] = std::move(body);
}

void DocumentServer::AnswerStatus(int status) {
  absl::MutexLock lock(&impl_->mu);
  impl_->forced_status = status;
}

int DocumentServer::requests() const {
  absl::MutexLock lock(&impl_->mu);
  return impl_->requests;
}

}  // namespace civitas::testing
