#include "services/gateway/backend_pool.h"

#include <google/protobuf/wrappers.pb.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace civitas::gateway {

absl::StatusOr<BackendMap> BackendMap::Parse(const std::string& spec) {
  BackendMap map;
  for (absl::string_view entry : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    std::vector<std::string> kv = absl::StrSplit(entry, absl::MaxSplits('=', 1));
    if (kv.size() != 2 || kv[0].empty() || kv[1].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("backend '", entry, "' must be <grpc service>=<host:port>"));
    }
    if (auto s = http2::GrpcChannel::ValidateTarget(kv[1]); !s.ok()) return s;
    map.Add(kv[0], kv[1]);
  }
  return map;
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

void BackendPool::Call(BackendCall call,
                       std::function<void(const grpc::Status&, std::string)> done) {
  auto it = by_service_.find(call.service);
  if (it == by_service_.end()) {
    done(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      absl::StrCat("no backend configured for ", call.service)),
         "");
    return;
  }
  auto unary = std::make_unique<http2::UnaryCall>();
  unary->method = std::move(call.method);
  unary->request = std::move(call.request);
  unary->metadata = std::move(call.metadata);
  unary->deadline = absl::Now() + call.deadline;
  unary->done = std::move(done);
  it->second->Call(std::move(unary));
}

void BackendPool::CheckHealth(const std::string& service, absl::Duration deadline,
                              std::function<void(bool, std::string)> done) {
  // grpc.health.v1.HealthCheckRequest{string service = 1} has the wire format of
  // google.protobuf.StringValue, and HealthCheckResponse{ServingStatus status = 1} that of
  // Int32Value, so the well-known wrappers encode and decode them exactly.
  google::protobuf::StringValue request;
  request.set_value(service);
  BackendCall call{
      service, "/grpc.health.v1.Health/Check", request.SerializeAsString(), {}, deadline};
  Call(std::move(call), [done = std::move(done)](const grpc::Status& status, std::string bytes) {
    if (!status.ok()) {
      done(false, status.error_message());
      return;
    }
    google::protobuf::Int32Value response;
    constexpr int kServing = 1;
    bool serving = response.ParseFromString(bytes) && response.value() == kServing;
    done(serving, serving ? "SERVING" : "NOT_SERVING");
  });
}

}  // namespace civitas::gateway
