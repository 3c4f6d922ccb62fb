#include "services/gateway/backend_pool.h"

#include <google/protobuf/wrappers.pb.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace civitas::gateway {
namespace {

struct CallState {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
};

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromByteBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  (void)buffer.Dump(&slices);
  std::string out;
  out.reserve(buffer.Length());
  for (const auto& s : slices) out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

}  // namespace

absl::Status BackendPool::Configure(const std::string& spec) {
  for (absl::string_view entry : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    std::vector<std::string> kv = absl::StrSplit(entry, absl::MaxSplits('=', 1));
    if (kv.size() != 2 || kv[0].empty() || kv[1].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("backend '", entry, "' must be <grpc service>=<host:port>"));
    }
    Add(kv[0], kv[1]);
  }
  return absl::OkStatus();
}

void BackendPool::Add(const std::string& service, const std::string& address) {
  grpc::ChannelArguments args;
  // Keep the shared connection warm and notice a dead backend quickly.
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  Backend b;
  b.address = address;
  b.channel = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
  b.stub = std::make_unique<grpc::GenericStub>(b.channel);
  backends_[service] = std::move(b);
}

std::vector<std::string> BackendPool::services() const {
  std::vector<std::string> out;
  for (const auto& [name, b] : backends_) out.push_back(name);
  return out;
}

void BackendPool::Call(const BackendCall& call,
                       std::function<void(const grpc::Status&, std::string)> done) {
  auto it = backends_.find(call.service);
  if (it == backends_.end()) {
    done(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      absl::StrCat("no backend configured for ", call.service)),
         "");
    return;
  }
  auto state = std::make_shared<CallState>();
  state->context.set_deadline(std::chrono::system_clock::now() +
                              absl::ToChronoMilliseconds(call.deadline));
  for (const auto& [k, v] : call.metadata) state->context.AddMetadata(k, v);
  state->request = ToByteBuffer(call.request);
  it->second.stub->UnaryCall(&state->context, call.method, grpc::StubOptions(), &state->request,
                             &state->response,
                             [state, done = std::move(done)](grpc::Status status) {
                               done(status, status.ok() ? FromByteBuffer(state->response) : "");
                             });
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
  Call(call, [done = std::move(done)](const grpc::Status& status, std::string bytes) {
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
