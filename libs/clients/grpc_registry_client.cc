#include "libs/clients/grpc_registry_client.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/clients/read_methods.h"
#include "libs/common/grpc_status.h"
#include "libs/common/service_list.h"

namespace civitas::clients {
namespace registry_v1 = registry::v1;

std::string ChannelTarget(const std::string& address) {
  std::vector<std::string> replicas = ServiceReplicas(address);
  if (replicas.size() == 1) return replicas[0];
  // gRPC's static resolver: every replica's address, IPv4 or IPv6 alike (ParseServiceAddresses
  // allows only IP addresses in a list of several).
  const bool v6 = absl::StartsWith(replicas[0], "[");
  return absl::StrCat(v6 ? "ipv6:" : "ipv4:", absl::StrJoin(replicas, ","));
}

std::shared_ptr<grpc::Channel> DialService(const std::string& address, const std::string& service,
                                           const std::vector<std::string>& idempotent_methods,
                                           const ServiceIdentity& identity,
                                           const RetryPolicy& retry) {
  grpc::ChannelArguments args;
  std::string config = RetryServiceConfig(service, idempotent_methods, retry);
  if (ServiceReplicas(address).size() > 1) {
    // round_robin over the replicas: calls spread over those that are up, and one that goes away
    // (a rolling restart's GOAWAY) gets no new ones. A single address keeps pick_first, which
    // reconnects on the next call after a restart.
    config.insert(1, R"("loadBalancingConfig":[{"round_robin":{}}],)");
  }
  args.SetServiceConfigJSON(config);
  // A peer restarted is found again within 100 ms to 2 s, not gRPC's default of up to 120 s.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  args.SetUserAgentPrefix(absl::StrCat("civitas-", identity.name()));
  return grpc::CreateCustomChannel(ChannelTarget(address), grpc::InsecureChannelCredentials(),
                                   args);
}

std::unique_ptr<GrpcRegistryClient> GrpcRegistryClient::Connect(const std::string& address,
                                                                ServiceIdentity* identity,
                                                                GrpcClientOptions options) {
  auto channel = DialService(address, registry_v1::RegistryService::service_full_name(),
                             ReadMethodsOf(registry_v1::RegistryService::service_full_name()),
                             *identity, options.retry);
  return std::make_unique<GrpcRegistryClient>(std::move(channel), identity, std::move(options));
}

GrpcRegistryClient::GrpcRegistryClient(std::shared_ptr<grpc::Channel> channel,
                                       ServiceIdentity* identity, GrpcClientOptions options)
    : channel_(std::move(channel)),
      stub_(registry_v1::RegistryService::NewStub(channel_)),
      identity_(identity),
      options_(std::move(options)) {}

void PrepareCall(const CallContext& ctx, const GrpcClientOptions& options,
                 ServiceIdentity* identity, grpc::ClientContext* context) {
  context->set_deadline(absl::ToChronoTime(absl::Now() + ctx.TimeoutWithin(options.timeout)));
  context->AddMetadata("authorization", identity->Authorization());
  if (!ctx.correlation_id.empty()) context->AddMetadata("x-request-id", ctx.correlation_id);
}

void GrpcRegistryClient::Prepare(const CallContext& ctx, grpc::ClientContext* context) {
  PrepareCall(ctx, options_, identity_, context);
}

absl::StatusOr<registry_v1::Organization> GrpcRegistryClient::GetOrganization(
    const CallContext& ctx, const std::string& name) {
  grpc::ClientContext context;
  Prepare(ctx, &context);
  registry_v1::GetOrganizationRequest request;
  request.set_name(name);
  registry_v1::Organization organization;
  if (grpc::Status s = stub_->GetOrganization(&context, request, &organization); !s.ok()) {
    return FromGrpcStatus(s);
  }
  return organization;
}

absl::StatusOr<TerritoryAncestry> GrpcRegistryClient::GetTerritoryAncestry(
    const CallContext& ctx, const std::string& name) {
  grpc::ClientContext context;
  Prepare(ctx, &context);
  registry_v1::GetTerritoryRequest request;
  request.set_name(name);
  TerritoryAncestry ancestry;
  if (grpc::Status s = stub_->GetTerritory(&context, request, &ancestry.territory); !s.ok()) {
    return FromGrpcStatus(s);
  }
  // The registry keeps each territory's ancestors (country first) on the record itself.
  ancestry.path.assign(ancestry.territory.ancestors().begin(),
                       ancestry.territory.ancestors().end());
  ancestry.path.push_back(ancestry.territory.name());
  return ancestry;
}

absl::StatusOr<registry_v1::Partnership> GrpcRegistryClient::GetPartnership(
    const CallContext& ctx, const std::string& name) {
  grpc::ClientContext context;
  Prepare(ctx, &context);
  registry_v1::GetPartnershipRequest request;
  request.set_name(name);
  registry_v1::Partnership partnership;
  if (grpc::Status s = stub_->GetPartnership(&context, request, &partnership); !s.ok()) {
    return FromGrpcStatus(s);
  }
  return partnership;
}

absl::StatusOr<registry_v1::SocialService> GrpcRegistryClient::GetSocialService(
    const CallContext& ctx, const std::string& name) {
  grpc::ClientContext context;
  Prepare(ctx, &context);
  registry_v1::GetSocialServiceRequest request;
  request.set_name(name);
  registry_v1::SocialService service;
  if (grpc::Status s = stub_->GetSocialService(&context, request, &service); !s.ok()) {
    return FromGrpcStatus(s);
  }
  return service;
}

absl::StatusOr<std::vector<registry_v1::SocialService>> GrpcRegistryClient::ListSocialServicesOf(
    const CallContext& ctx, const std::string& provider) {
  std::vector<registry_v1::SocialService> out;
  registry_v1::ListSocialServicesRequest request;
  request.set_page_size(1000);
  request.set_filter(absl::StrCat("provider = \"", provider, "\""));
  // A page may come back partial with a token (the registry bounds what one call examines).
  for (int pages = 0; pages < 100; ++pages) {
    grpc::ClientContext context;
    Prepare(ctx, &context);
    registry_v1::ListSocialServicesResponse response;
    if (grpc::Status s = stub_->ListSocialServices(&context, request, &response); !s.ok()) {
      return FromGrpcStatus(s);
    }
    for (registry_v1::SocialService& service : *response.mutable_social_services()) {
      out.push_back(std::move(service));
    }
    if (response.next_page_token().empty()) return out;
    request.set_page_token(response.next_page_token());
  }
  return absl::ResourceExhaustedError(
      absl::StrCat(provider, " provides more social services than one answer lists"));
}

absl::StatusOr<registry_v1::SocialService> GrpcRegistryClient::SetSocialServiceAccreditation(
    const CallContext& ctx, const registry_v1::SetSocialServiceAccreditationRequest& request) {
  grpc::ClientContext context;
  Prepare(ctx, &context);
  registry_v1::SocialService service;
  if (grpc::Status s = stub_->SetSocialServiceAccreditation(&context, request, &service); !s.ok()) {
    return FromGrpcStatus(s);
  }
  return service;
}

absl::StatusOr<std::vector<registry_v1::ServiceType>> GrpcRegistryClient::ListServiceTypes(
    const CallContext& ctx) {
  grpc::ClientContext context;
  Prepare(ctx, &context);
  registry_v1::ListServiceTypesResponse response;
  if (grpc::Status s = stub_->ListServiceTypes(&context, {}, &response); !s.ok()) {
    return FromGrpcStatus(s);
  }
  return std::vector<registry_v1::ServiceType>(response.service_types().begin(),
                                               response.service_types().end());
}

}  // namespace civitas::clients
