// BackendPool: the gateway's gRPC backends as seen from one event loop. Each backend address gets
// one HTTP/2 connection per loop (libs/http2), so a request is read, sent to its backend, and
// answered on the same thread with no hand-off and no locks; frames of calls made in the same
// loop turn leave in one write. Calls are generic (bytes in, bytes out): no generated stubs.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/http2/grpc_channel.h"
#include "libs/http2/unary_call.h"

namespace civitas::gateway {

struct BackendCall {
  // Service full name, e.g. `civitas.registry.v1.RegistryService`.
  std::string service;
  // `/package.Service/Method`.
  std::string method;
  std::string request;
  std::vector<http2::Metadatum> metadata;
  absl::Duration deadline = absl::Seconds(10);
};

// Backend addresses per service, parsed once and shared by every loop's pool.
class BackendMap {
 public:
  // Parses `Service=host:port,Service=host:port`.
  static absl::StatusOr<BackendMap> Parse(const std::string& spec);
  void Add(const std::string& service, const std::string& address) {
    addresses_[service] = address;
  }
  const std::map<std::string, std::string>& addresses() const { return addresses_; }
  std::vector<std::string> services() const;

 private:
  std::map<std::string, std::string> addresses_;
};

// Used only from the thread running `io`; `done` runs on that thread.
class BackendPool {
 public:
  BackendPool(boost::asio::io_context& io, const BackendMap& backends);
  BackendPool(const BackendPool&) = delete;
  BackendPool& operator=(const BackendPool&) = delete;

  std::vector<std::string> services() const;

  void Call(BackendCall call, std::function<void(const grpc::Status&, std::string response)> done);
  // Asks the backend's grpc.health.v1 service; completes with true when SERVING.
  void CheckHealth(const std::string& service, absl::Duration deadline,
                   std::function<void(bool serving, std::string detail)> done);

 private:
  // One channel per address, shared by the services behind it.
  std::map<std::string, std::unique_ptr<http2::GrpcChannel>> channels_;
  std::map<std::string, http2::GrpcChannel*> by_service_;
};

}  // namespace civitas::gateway
