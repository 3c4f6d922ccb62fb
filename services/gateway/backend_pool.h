// Backend: the gRPC backends as the gateway's request handling sees them, so that handling is
// tested with a fake. BackendPool: the real one, as seen from one event loop. Each backend address
// gets one HTTP/2 connection per loop (libs/http2), so a request is read, sent to its backend, and
// answered on the same thread with no hand-off and no locks; frames of calls made in the same
// loop turn leave in one write. Calls are generic (bytes in, bytes out): no generated stubs.
//
// A service run as several replicas (`registry=a|b`) has its calls spread round-robin over the
// replicas that say they serve (each replica's grpc.health.v1 Check, every 100 ms: one that is
// draining after SIGTERM gets no new calls before it stops taking them; not a Watch stream,
// which would hold the replica's shutdown until its drain timeout) and are not failing to
// connect; a call a replica hands back unsent (GOAWAY, REFUSED_STREAM, connect refused) goes to
// the next one, so a rolling restart fails no call.
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
#include "libs/http2/grpc_call.h"
#include "libs/http2/grpc_channel.h"

namespace civitas::gateway {

struct BackendCall {
  // Service full name, e.g. `civitas.registry.v1.RegistryService`.
  std::string service;
  // `/package.Service/Method`.
  std::string method;
  std::string request;
  // Client-streaming calls: the messages after `request`.
  std::vector<std::string> more_requests;
  std::vector<http2::Metadatum> metadata;
  absl::Duration deadline = absl::Seconds(10);
  // Server-streaming calls: each response message, in order (unset for unary calls).
  std::function<void(std::string message)> on_message;
  // Server-streaming calls: lets the caller pause delivery (flow control) and cancel.
  std::shared_ptr<http2::StreamControl> control;
};

using BackendDone = std::function<void(http2::CallResult)>;

// Calls backends from one event loop; `done` (and `on_message`) run on that loop's thread, possibly
// before Call returns.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::vector<std::string> services() const = 0;
  virtual void Call(BackendCall call, BackendDone done) = 0;
  // Asks the backend's grpc.health.v1 service; completes with true when SERVING.
  virtual void CheckHealth(const std::string& service, absl::Duration deadline,
                           std::function<void(bool serving, std::string detail)> done) = 0;
};

// Backend addresses per service, parsed once and shared by every loop's pool.
class BackendMap {
 public:
  // Parses `name=host:port,name=host:port` where each name is a service of
  // services/services.list: every gRPC service it serves goes to that address (or addresses,
  // `host:port|host:port`, one per replica).
  static absl::StatusOr<BackendMap> Parse(const std::string& spec);
  void Add(const std::string& service, const std::string& address) {
    addresses_[service] = address;
  }
  const std::map<std::string, std::string>& addresses() const { return addresses_; }
  std::vector<std::string> services() const;
  // The gRPC services of services/services.list that have no address here.
  std::vector<std::string> UnconfiguredServices() const;

 private:
  std::map<std::string, std::string> addresses_;
};

// Used only from the thread running `io`; `done` runs on that thread.
class BackendPool : public Backend {
 public:
  BackendPool(boost::asio::io_context& io, const BackendMap& backends);
  BackendPool(const BackendPool&) = delete;
  BackendPool& operator=(const BackendPool&) = delete;

  std::vector<std::string> services() const override;
  void Call(BackendCall call, BackendDone done) override;
  void CheckHealth(const std::string& service, absl::Duration deadline,
                   std::function<void(bool serving, std::string detail)> done) override;

 private:
  struct Replicas {
    std::vector<http2::GrpcChannel*> channels;
    size_t next = 0;
  };
  // Asks the process at `channel` for its health (the server's overall status), and again
  // every 100 ms.
  void PollHealth(http2::GrpcChannel* channel);
  // Sends `call` to the next usable replica of its service.
  void Dispatch(std::unique_ptr<http2::GrpcCall> call);
  // A call a replica handed back unsent: to another one, a bounded number of times.
  void Resend(std::unique_ptr<http2::GrpcCall> call);

  // One channel per address, shared by the services behind it.
  std::map<std::string, std::unique_ptr<http2::GrpcChannel>> channels_;
  std::map<std::string, Replicas> by_service_;
  // Whether each address's process last said SERVING (true until it says otherwise).
  std::map<http2::GrpcChannel*, bool> serving_;
  boost::asio::io_context& io_;
};

}  // namespace civitas::gateway
