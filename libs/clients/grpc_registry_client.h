// GrpcRegistryClient: RegistryClient over gRPC. Each call carries a deadline (the client's
// default or the CallContext's), the caller's correlation id (`x-request-id`) and this service's
// identity (a bearer token, and `civitas-<service>` in the user agent). Reads (the methods
// served over HTTP GET) are retried by gRPC on UNAVAILABLE as RetryPolicy says (see
// retry_policy.h); SetSocialServiceAccreditation, a write, is not: its caller retries it with the
// same idempotency key.
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "civitas/registry/v1/registry_service.grpc.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/clients/retry_policy.h"
#include "libs/clients/service_identity.h"

namespace civitas::clients {

struct GrpcClientOptions {
  // Default deadline of a call, retries included.
  absl::Duration timeout = absl::Seconds(2);
  RetryPolicy retry;
};

// Thread-safe; does not own the identity.
class GrpcRegistryClient final : public RegistryClient {
 public:
  // Dials `address` (`host:port`, plaintext inside the cluster) with the retry policy in the
  // channel's service config.
  static std::unique_ptr<GrpcRegistryClient> Connect(const std::string& address,
                                                     ServiceIdentity* identity,
                                                     GrpcClientOptions options = {});
  GrpcRegistryClient(std::shared_ptr<grpc::Channel> channel, ServiceIdentity* identity,
                     GrpcClientOptions options);

  absl::StatusOr<registry::v1::Organization> GetOrganization(const CallContext& ctx,
                                                             const std::string& name) override;
  absl::StatusOr<TerritoryAncestry> GetTerritoryAncestry(const CallContext& ctx,
                                                         const std::string& name) override;
  absl::StatusOr<std::vector<registry::v1::ServiceType>> ListServiceTypes(
      const CallContext& ctx) override;
  absl::StatusOr<registry::v1::SocialService> SetSocialServiceAccreditation(
      const CallContext& ctx,
      const registry::v1::SetSocialServiceAccreditationRequest& request) override;
  absl::StatusOr<registry::v1::Partnership> GetPartnership(const CallContext& ctx,
                                                           const std::string& name) override;
  absl::StatusOr<registry::v1::SocialService> GetSocialService(const CallContext& ctx,
                                                               const std::string& name) override;

  absl::StatusOr<std::vector<registry::v1::SocialService>> ListSocialServicesOf(
      const CallContext& ctx, const std::string& provider) override;

 private:
  void Prepare(const CallContext& ctx, grpc::ClientContext* context);

  const std::shared_ptr<grpc::Channel> channel_;
  const std::unique_ptr<registry::v1::RegistryService::Stub> stub_;
  ServiceIdentity* const identity_;
  const GrpcClientOptions options_;
};

// The channel every client of a Civitas service uses: the retry policy of `service`'s
// `idempotent_methods` and `civitas-<identity>` as user agent.
// The gRPC target of a peer's address: host:port, or for several replicas (`a|b`, IP addresses)
// gRPC's static `ipv4:a,b` / `ipv6:a,b`.
std::string ChannelTarget(const std::string& address);
std::shared_ptr<grpc::Channel> DialService(const std::string& address, const std::string& service,
                                           const std::vector<std::string>& idempotent_methods,
                                           const ServiceIdentity& identity,
                                           const RetryPolicy& retry);

// Makes `context` one call of a Civitas client: its deadline (the served request's remaining
// time, at most the client's timeout), the service's own bearer token and the request's
// correlation id.
void PrepareCall(const CallContext& ctx, const GrpcClientOptions& options,
                 ServiceIdentity* identity, grpc::ClientContext* context);

}  // namespace civitas::clients
