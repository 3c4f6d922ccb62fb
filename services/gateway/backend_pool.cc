#include "services/gateway/backend_pool.h"

#include <google/protobuf/wrappers.pb.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace civitas::gateway {
namespace {

// One call in flight; its address is the completion-queue tag.
struct CallState {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
  grpc::Status status;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  std::function<void(const grpc::Status&, std::string)> done;
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

BackendPool::BackendPool(int completion_threads) {
  for (int i = 0; i < std::max(1, completion_threads); ++i) {
    queues_.push_back(std::make_unique<grpc::CompletionQueue>());
    grpc::CompletionQueue* cq = queues_.back().get();
    threads_.emplace_back([cq] {
      void* tag = nullptr;
      bool ok = false;
      while (cq->Next(&tag, &ok)) {
        auto* call = static_cast<CallState*>(tag);
        call->done(call->status, call->status.ok() ? FromByteBuffer(call->response) : "");
        delete call;
      }
    });
  }
}

BackendPool::~BackendPool() {
  for (auto& cq : queues_) cq->Shutdown();
  for (auto& t : threads_) t.join();
}

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
  auto* call_state = new CallState();
  call_state->context.set_deadline(std::chrono::system_clock::now() +
                                   absl::ToChronoMilliseconds(call.deadline));
  for (const auto& [k, v] : call.metadata) call_state->context.AddMetadata(k, v);
  call_state->request = ToByteBuffer(call.request);
  call_state->done = std::move(done);
  grpc::CompletionQueue* cq = queues_[next_queue_.fetch_add(1) % queues_.size()].get();
  call_state->reader =
      it->second.stub->PrepareUnaryCall(&call_state->context, call.method, call_state->request, cq);
  call_state->reader->StartCall();
  call_state->reader->Finish(&call_state->response, &call_state->status, call_state);
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
