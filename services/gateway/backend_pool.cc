#include "services/gateway/backend_pool.h"

#include <google/protobuf/wrappers.pb.h>

#include <boost/asio/steady_timer.hpp>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "libs/common/service_list.h"

namespace civitas::gateway {

absl::StatusOr<BackendMap> BackendMap::Parse(const std::string& spec) {
  auto addresses = ParseServiceAddresses(spec);
  if (!addresses.ok()) return addresses.status();
  BackendMap map;
  for (const auto& [name, address] : *addresses) {
    if (auto s = http2::GrpcChannel::ValidateTarget(address); !s.ok()) return s;
    for (const std::string& grpc_service : FindDeclaredService(name)->grpc_services) {
      map.Add(grpc_service, address);
    }
  }
  return map;
}

std::vector<std::string> BackendMap::UnconfiguredServices() const {
  std::vector<std::string> out;
  for (const DeclaredService& declared : DeclaredServices()) {
    for (const std::string& grpc_service : declared.grpc_services) {
      if (!addresses_.contains(grpc_service)) out.push_back(grpc_service);
    }
  }
  return out;
}

std::vector<std::string> BackendMap::services() const {
  std::vector<std::string> out;
  for (const auto& [name, address] : addresses_) out.push_back(name);
  return out;
}

BackendPool::BackendPool(boost::asio::io_context& io, const BackendMap& backends) : io_(io) {
  for (const auto& [service, address] : backends.addresses()) {
    Replicas& replicas = by_service_[service];
    for (const std::string& replica : ServiceReplicas(address)) {
      auto& channel = channels_[replica];
      if (channel == nullptr) {
        http2::ChannelOptions options;
        options.target = replica;
        options.user_agent = "civitas-gateway";
        options.on_unsent = [this](std::unique_ptr<http2::GrpcCall> call) {
          Resend(std::move(call));
        };
        channel = std::make_unique<http2::GrpcChannel>(io, options);
      }
      replicas.channels.push_back(channel.get());
    }
  }
  // Only services run as several replicas need to know which one to avoid.
  for (const auto& [service, replicas] : by_service_) {
    if (replicas.channels.size() < 2) continue;
    for (http2::GrpcChannel* channel : replicas.channels) {
      if (serving_.emplace(channel, true).second) PollHealth(channel);
    }
  }
}

void BackendPool::PollHealth(http2::GrpcChannel* channel) {
  google::protobuf::StringValue request;  // HealthCheckRequest{service: ""}: the whole server
  auto call = std::make_unique<http2::GrpcCall>();
  call->method = "/grpc.health.v1.Health/Check";
  call->request = request.SerializeAsString();
  call->deadline = absl::Now() + absl::Seconds(1);
  call->done = [this, channel](http2::CallResult result) {
    google::protobuf::Int32Value response;  // HealthCheckResponse{status}
    constexpr int kServing = 1;
    serving_[channel] = result.status.ok() && response.ParseFromString(result.response) &&
                        response.value() == kServing;
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, std::chrono::milliseconds(100));
    timer->async_wait([this, channel, timer](const boost::system::error_code& ec) {
      if (!ec) PollHealth(channel);
    });
  };
  channel->Call(std::move(call));
}

std::vector<std::string> BackendPool::services() const {
  std::vector<std::string> out;
  for (const auto& [name, replicas] : by_service_) out.push_back(name);
  return out;
}

namespace {

http2::CallResult Unavailable(std::string message) {
  http2::CallResult result;
  result.status = grpc::Status(grpc::StatusCode::UNAVAILABLE, std::move(message));
  return result;
}

}  // namespace

void BackendPool::Call(BackendCall call, BackendDone done) {
  auto grpc_call = std::make_unique<http2::GrpcCall>();
  grpc_call->backend = std::move(call.service);
  grpc_call->method = std::move(call.method);
  grpc_call->request = std::move(call.request);
  grpc_call->more_requests = std::move(call.more_requests);
  grpc_call->metadata = std::move(call.metadata);
  grpc_call->deadline = absl::Now() + call.deadline;
  grpc_call->on_message = std::move(call.on_message);
  grpc_call->control = std::move(call.control);
  grpc_call->done = std::move(done);
  Dispatch(std::move(grpc_call));
}

void BackendPool::Dispatch(std::unique_ptr<http2::GrpcCall> call) {
  auto it = by_service_.find(call->backend);
  if (it == by_service_.end()) {
    if (call->done)
      call->done(Unavailable(absl::StrCat("no backend configured for ", call->backend)));
    return;
  }
  Replicas& replicas = it->second;
  const size_t n = replicas.channels.size();
  // The next replica that serves and is not failing to connect; else the next one not failing
  // to connect; if all are, the next one (failing fast).
  size_t pick = replicas.next % n;
  int best = -1;
  for (size_t i = 0; i < n && best < 2; ++i) {
    const size_t candidate = (replicas.next + i) % n;
    http2::GrpcChannel* channel = replicas.channels[candidate];
    if (!channel->usable()) continue;
    auto serving = serving_.find(channel);
    const int rank = serving == serving_.end() || serving->second ? 2 : 1;
    if (rank > best) {
      best = rank;
      pick = candidate;
    }
  }
  replicas.next = pick + 1;
  replicas.channels[pick]->Call(std::move(call));
}

void BackendPool::Resend(std::unique_ptr<http2::GrpcCall> call) {
  auto it = by_service_.find(call->backend);
  const size_t replicas = it == by_service_.end() ? 1 : it->second.channels.size();
  // At most one send more than there are replicas: the next replicas in turn, and a lone
  // replica that is restarting gets a second chance on a new connection, as a single channel
  // gives it.
  if (++call->unsent > static_cast<int>(replicas) || absl::Now() >= call->deadline) {
    if (call->done) call->done(Unavailable("no replica of the backend took the call"));
    return;
  }
  Dispatch(std::move(call));
}

void BackendPool::CheckHealth(const std::string& service, absl::Duration deadline,
                              std::function<void(bool, std::string)> done) {
  // grpc.health.v1.HealthCheckRequest{string service = 1} has the wire format of
  // google.protobuf.StringValue, and HealthCheckResponse{ServingStatus status = 1} that of
  // Int32Value, so the well-known wrappers encode and decode them exactly.
  google::protobuf::StringValue request;
  request.set_value(service);
  BackendCall call;
  call.service = service;
  call.method = "/grpc.health.v1.Health/Check";
  call.request = request.SerializeAsString();
  call.deadline = deadline;
  Call(std::move(call), [done = std::move(done)](http2::CallResult result) {
    if (!result.status.ok()) {
      done(false, result.status.error_message());
      return;
    }
    google::protobuf::Int32Value response;
    constexpr int kServing = 1;
    bool serving = response.ParseFromString(result.response) && response.value() == kServing;
    done(serving, serving ? "SERVING" : "NOT_SERVING");
  });
}

}  // namespace civitas::gateway
