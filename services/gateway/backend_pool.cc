#include "services/gateway/backend_pool.h"

#include <google/protobuf/wrappers.pb.h>

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

BackendPool::BackendPool(boost::asio::io_context& io, const BackendMap& backends) {
  for (const auto& [service, address] : backends.addresses()) {
    auto& channel = channels_[address];
    if (channel == nullptr) {
      http2::ChannelOptions options;
      options.target = address;
      options.user_agent = "civitas-gateway";
      channel = std::make_unique<http2::GrpcChannel>(io, options);
    }
    by_service_[service] = channel.get();
  }
}

std::vector<std::string> BackendPool::services() const {
  std::vector<std::string> out;
  for (const auto& [name, channel] : by_service_) out.push_back(name);
  return out;
}

void BackendPool::Call(BackendCall call, BackendDone done) {
  auto it = by_service_.find(call.service);
  if (it == by_service_.end()) {
    http2::CallResult result;
    result.status = grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                 absl::StrCat("no backend configured for ", call.service));
    done(std::move(result));
    return;
  }
  auto grpc_call = std::make_unique<http2::GrpcCall>();
  grpc_call->method = std::move(call.method);
  grpc_call->request = std::move(call.request);
  grpc_call->more_requests = std::move(call.more_requests);
  grpc_call->metadata = std::move(call.metadata);
  grpc_call->deadline = absl::Now() + call.deadline;
  grpc_call->on_message = std::move(call.on_message);
  grpc_call->control = std::move(call.control);
  grpc_call->done = std::move(done);
  it->second->Call(std::move(grpc_call));
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
