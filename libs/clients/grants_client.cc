#include "libs/clients/grants_client.h"

#include <grpcpp/client_context.h>

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/clients/read_methods.h"
#include "libs/common/grpc_status.h"

namespace civitas::clients {
namespace grants_v1 = grants::v1;

absl::StatusOr<std::string> FunderOf(GrantsClient* grants, const CallContext& ctx,
                                     const std::string& attribution) {
  if (absl::StartsWith(attribution, "programmes/")) {
    absl::StatusOr<grants_v1::Programme> programme = grants->GetProgramme(ctx, attribution);
    if (!programme.ok()) return programme.status();
    return programme->funder();
  }
  if (absl::StartsWith(attribution, "grants/")) {
    absl::StatusOr<grants_v1::Grant> grant = grants->GetGrant(ctx, attribution);
    if (!grant.ok()) return grant.status();
    return grant->funder();
  }
  return absl::InvalidArgumentError(
      absl::StrCat(attribution, " is neither programmes/{programme} nor grants/{grant}"));
}

std::unique_ptr<GrpcGrantsClient> GrpcGrantsClient::Connect(const std::string& address,
                                                            ServiceIdentity* identity,
                                                            GrpcClientOptions options) {
  auto channel = DialService(address, grants_v1::GrantsService::service_full_name(),
                             ReadMethodsOf(grants_v1::GrantsService::service_full_name()),
                             *identity, options.retry);
  return std::make_unique<GrpcGrantsClient>(std::move(channel), identity, std::move(options));
}

GrpcGrantsClient::GrpcGrantsClient(std::shared_ptr<grpc::Channel> channel,
                                   ServiceIdentity* identity, GrpcClientOptions options)
    : channel_(std::move(channel)),
      stub_(grants_v1::GrantsService::NewStub(channel_)),
      identity_(identity),
      options_(std::move(options)) {}

absl::StatusOr<grants_v1::Programme> GrpcGrantsClient::GetProgramme(const CallContext& ctx,
                                                                    const std::string& name) {
  grpc::ClientContext context;
  PrepareCall(ctx, options_, identity_, &context);
  grants_v1::GetProgrammeRequest request;
  request.set_name(name);
  grants_v1::Programme programme;
  if (grpc::Status s = stub_->GetProgramme(&context, request, &programme); !s.ok()) {
    return FromGrpcStatus(s);
  }
  return programme;
}

absl::StatusOr<grants_v1::Grant> GrpcGrantsClient::GetGrant(const CallContext& ctx,
                                                            const std::string& name) {
  grpc::ClientContext context;
  PrepareCall(ctx, options_, identity_, &context);
  grants_v1::GetGrantRequest request;
  request.set_name(name);
  grants_v1::Grant grant;
  if (grpc::Status s = stub_->GetGrant(&context, request, &grant); !s.ok()) {
    return FromGrpcStatus(s);
  }
  return grant;
}

}  // namespace civitas::clients
