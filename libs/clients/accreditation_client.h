// AccreditationClient: what other services ask the accreditation service, as a typed interface:
// was a provider accredited for a service type on a date. GrpcAccreditationClient calls the
// service (deadline, correlation id, service identity, reads retried on UNAVAILABLE);
// FakeAccreditationClient (fake_accreditation_client.h) stands in for it in unit tests.
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "civitas/accreditation/v1/accreditation_service.grpc.pb.h"
#include "libs/clients/call_context.h"
#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/service_identity.h"

namespace civitas::clients {

// Implementations are thread-safe.
class AccreditationClient {
 public:
  virtual ~AccreditationClient() = default;
  // `provider`: `organizations/{id}`; `date`: `YYYY-MM-DD`.
  virtual absl::StatusOr<accreditation::v1::CheckAccreditationResponse> CheckAccreditation(
      const CallContext& ctx, const std::string& provider, const std::string& service_type,
      const std::string& date) = 0;
};

class GrpcAccreditationClient final : public AccreditationClient {
 public:
  static std::unique_ptr<GrpcAccreditationClient> Connect(const std::string& address,
                                                          ServiceIdentity* identity,
                                                          GrpcClientOptions options = {});
  GrpcAccreditationClient(std::shared_ptr<grpc::Channel> channel, ServiceIdentity* identity,
                          GrpcClientOptions options);

  absl::StatusOr<accreditation::v1::CheckAccreditationResponse> CheckAccreditation(
      const CallContext& ctx, const std::string& provider, const std::string& service_type,
      const std::string& date) override;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<accreditation::v1::AccreditationService::Stub> stub_;
  ServiceIdentity* const identity_;
  const GrpcClientOptions options_;
};

}  // namespace civitas::clients
