// GrantsClient: what other services ask the grants service, as a typed interface: a programme or
// a grant as its public reads show it (e.g. who funds what monitoring figures report on).
// GrpcGrantsClient calls the service (deadline, correlation id, service identity, reads retried on
// UNAVAILABLE); FakeGrantsClient (fake_grants_client.h) stands in for it in unit tests. Errors are
// the service's: NOT_FOUND for a missing or unpublished record, INVALID_ARGUMENT for a malformed
// name, UNAVAILABLE / DEADLINE_EXCEEDED when it cannot answer in time.
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "civitas/grants/v1/grants_service.grpc.pb.h"
#include "libs/clients/call_context.h"
#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/service_identity.h"

namespace civitas::clients {

// Implementations are thread-safe.
class GrantsClient {
 public:
  virtual ~GrantsClient() = default;
  // `name`: `programmes/{programme}`.
  virtual absl::StatusOr<grants::v1::Programme> GetProgramme(const CallContext& ctx,
                                                             const std::string& name) = 0;
  // `name`: `grants/{grant}`.
  virtual absl::StatusOr<grants::v1::Grant> GetGrant(const CallContext& ctx,
                                                     const std::string& name) = 0;
};

// The organisation that funds `attribution` (`programmes/{programme}`: its funder;
// `grants/{grant}`: its programme's funder). INVALID_ARGUMENT for another kind of name; the
// service's error otherwise.
absl::StatusOr<std::string> FunderOf(GrantsClient* grants, const CallContext& ctx,
                                     const std::string& attribution);

class GrpcGrantsClient final : public GrantsClient {
 public:
  static std::unique_ptr<GrpcGrantsClient> Connect(const std::string& address,
                                                   ServiceIdentity* identity,
                                                   GrpcClientOptions options = {});
  GrpcGrantsClient(std::shared_ptr<grpc::Channel> channel, ServiceIdentity* identity,
                   GrpcClientOptions options);

  absl::StatusOr<grants::v1::Programme> GetProgramme(const CallContext& ctx,
                                                     const std::string& name) override;
  absl::StatusOr<grants::v1::Grant> GetGrant(const CallContext& ctx,
                                             const std::string& name) override;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<grants::v1::GrantsService::Stub> stub_;
  ServiceIdentity* const identity_;
  const GrpcClientOptions options_;
};

}  // namespace civitas::clients
