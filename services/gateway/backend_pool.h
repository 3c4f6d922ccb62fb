// BackendPool: one HTTP/2 channel per backend service, shared by all requests, with generic
// (byte-level) unary calls so the gateway needs no generated stubs. Calls complete on the pool's
// own threads, each draining a completion queue: the thread that polls the connection runs the
// completion, with no hop through gRPC's callback executor.
#pragma once

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace civitas::gateway {

struct BackendCall {
  // Service full name, e.g. `civitas.registry.v1.RegistryService`.
  std::string service;
  // `/package.Service/Method`.
  std::string method;
  std::string request;
  std::vector<std::pair<std::string, std::string>> metadata;
  absl::Duration deadline = absl::Seconds(10);
};

// Thread-safe after configuration (Add before serving). Owns its completion threads.
class BackendPool {
 public:
  explicit BackendPool(int completion_threads = 1);
  ~BackendPool();
  BackendPool(const BackendPool&) = delete;
  BackendPool& operator=(const BackendPool&) = delete;

  // Parses `Service=host:port,Service=host:port`.
  absl::Status Configure(const std::string& spec);
  void Add(const std::string& service, const std::string& address);
  std::vector<std::string> services() const;

  // Completes on a completion thread with the status and the response bytes.
  void Call(const BackendCall& call,
            std::function<void(const grpc::Status&, std::string response)> done);
  // Asks the backend's grpc.health.v1 service; completes with true when SERVING.
  void CheckHealth(const std::string& service, absl::Duration deadline,
                   std::function<void(bool serving, std::string detail)> done);

 private:
  struct Backend {
    std::string address;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<grpc::GenericStub> stub;
  };
  std::map<std::string, Backend> backends_;
  std::vector<std::unique_ptr<grpc::CompletionQueue>> queues_;
  std::vector<std::thread> threads_;
  std::atomic<size_t> next_queue_{0};
};

}  // namespace civitas::gateway
