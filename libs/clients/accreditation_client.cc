#include "libs/clients/accreditation_client.h"

#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "libs/clients/read_methods.h"
#include "libs/common/grpc_status.h"

namespace civitas::clients {
namespace accreditation_v1 = accreditation::v1;

std::unique_ptr<GrpcAccreditationClient> GrpcAccreditationClient::Connect(
    const std::string& address, ServiceIdentity* identity, GrpcClientOptions options) {
  auto channel =
      DialService(address, accreditation_v1::AccreditationService::service_full_name(),
                  ReadMethodsOf(accreditation_v1::AccreditationService::service_full_name()),
                  *identity, options.retry);
  return std::make_unique<GrpcAccreditationClient>(std::move(channel), identity,
                                                   std::move(options));
}

GrpcAccreditationClient::GrpcAccreditationClient(std::shared_ptr<grpc::Channel> channel,
                                                 ServiceIdentity* identity,
                                                 GrpcClientOptions options)
    : channel_(std::move(channel)),
      stub_(accreditation_v1::AccreditationService::NewStub(channel_)),
      identity_(identity),
      options_(std::move(options)) {}

absl::StatusOr<accreditation_v1::CheckAccreditationResponse>
GrpcAccreditationClient::CheckAccreditation(const CallContext& ctx, const std::string& provider,
                                            const std::string& service_type,
                                            const std::string& date) {
  grpc::ClientContext context;
  PrepareCall(ctx, options_, identity_, &context);
  accreditation_v1::CheckAccreditationRequest request;
  request.set_provider(provider);
  request.set_service_type(service_type);
  request.set_date(date);
  accreditation_v1::CheckAccreditationResponse response;
  if (grpc::Status s = stub_->CheckAccreditation(&context, request, &response); !s.ok()) {
    return FromGrpcStatus(s);
  }
  return response;
}

}  // namespace civitas::clients
