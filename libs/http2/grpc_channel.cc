#include "libs/http2/grpc_channel.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace civitas::http2 {
namespace {

CallResult Unavailable(std::string message) {
  CallResult r;
  r.status = grpc::Status(grpc::StatusCode::UNAVAILABLE, std::move(message));
  return r;
}

}  // namespace

absl::Status GrpcChannel::ValidateTarget(const std::string& target) {
  size_t colon = target.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(target.substr(colon + 1), &port) || port <= 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("backend address '", target, "' must be host:port"));
  }
  return absl::OkStatus();
}

GrpcChannel::GrpcChannel(boost::asio::io_context& io, ChannelOptions options)
    : io_(io),
      options_(std::move(options)),
      backoff_({.initial = options_.min_backoff, .max = options_.max_backoff}) {
  size_t colon = options_.target.rfind(':');
  connection_options_.host = options_.target.substr(0, colon);
  // [::1]:50051
  if (connection_options_.host.size() > 2 && connection_options_.host.front() == '[' &&
      connection_options_.host.back() == ']') {
    connection_options_.host =
        connection_options_.host.substr(1, connection_options_.host.size() - 2);
  }
  connection_options_.port = colon == std::string::npos ? "" : options_.target.substr(colon + 1);
  connection_options_.authority = options_.target;
  connection_options_.user_agent = options_.user_agent;
  connection_options_.connect_timeout = options_.connect_timeout;
  connection_options_.max_response_bytes = options_.max_response_bytes;
  connection_options_.max_header_list_bytes = options_.max_header_list_bytes;
  connection_options_.stream_window = options_.stream_window;
}

GrpcChannel::~GrpcChannel() {
  for (auto& weak : connections_) {
    if (auto connection = weak.lock()) connection->Abandon();
  }
}

void GrpcChannel::Call(std::unique_ptr<GrpcCall> call) {
  if (current_ == nullptr || !current_->accepting()) {
    if (absl::Now() < retry_after_) {
      if (call->done) call->done(Unavailable(std::string(last_error_.message())));
      return;
    }
    current_ = std::make_shared<Http2Connection>(io_, connection_options_, this);
    std::erase_if(connections_, [](const auto& weak) { return weak.expired(); });
    connections_.push_back(current_);
  }
  current_->Call(std::move(call));
}

void GrpcChannel::OnConnected() { backoff_.Reset(); }

void GrpcChannel::OnClosed(const absl::Status& status, bool was_connected) {
  last_error_ = status;
  if (was_connected) return;  // reconnect on the next call
  // Jittered: the gateway's event loops, each with its own channel, do not all reconnect at once.
  retry_after_ = absl::Now() + backoff_.Next();
}

bool GrpcChannel::usable() const {
  return (current_ != nullptr && current_->accepting()) || absl::Now() >= retry_after_;
}

void GrpcChannel::OnUnsent(std::unique_ptr<GrpcCall> call) {
  if (options_.on_unsent) {
    options_.on_unsent(std::move(call));
    return;
  }
  if (call->unsent++ > 0) {
    if (call->done) {
      call->done(Unavailable(last_error_.ok() ? std::string("backend unavailable")
                                              : std::string(last_error_.message())));
    }
    return;
  }
  Call(std::move(call));
}

size_t GrpcChannel::buffered_bytes() const {
  size_t total = 0;
  for (const auto& weak : connections_) {
    if (auto connection = weak.lock()) total += connection->buffered_bytes();
  }
  return total;
}

}  // namespace civitas::http2
