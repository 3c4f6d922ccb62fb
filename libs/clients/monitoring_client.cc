#include "libs/clients/monitoring_client.h"

#include <grpcpp/client_context.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/clients/read_methods.h"
#include "libs/common/grpc_status.h"

namespace civitas::clients {
namespace monitoring_v1 = monitoring::v1;

std::unique_ptr<GrpcMonitoringClient> GrpcMonitoringClient::Connect(const std::string& address,
                                                                    ServiceIdentity* identity,
                                                                    GrpcClientOptions options) {
  auto channel = DialService(address, monitoring_v1::MonitoringService::service_full_name(),
                             ReadMethodsOf(monitoring_v1::MonitoringService::service_full_name()),
                             *identity, options.retry);
  return std::make_unique<GrpcMonitoringClient>(std::move(channel), identity, std::move(options));
}

GrpcMonitoringClient::GrpcMonitoringClient(std::shared_ptr<grpc::Channel> channel,
                                           ServiceIdentity* identity, GrpcClientOptions options)
    : channel_(std::move(channel)),
      stub_(monitoring_v1::MonitoringService::NewStub(channel_)),
      identity_(identity),
      options_(std::move(options)) {}

absl::StatusOr<std::vector<monitoring_v1::ResultsFramework>> GrpcMonitoringClient::BatchGetResults(
    const CallContext& ctx, const std::vector<std::string>& attributions) {
  grpc::ClientContext context;
  PrepareCall(ctx, options_, identity_, &context);
  monitoring_v1::BatchGetResultsRequest request;
  for (const std::string& a : attributions) request.add_attributions(a);
  monitoring_v1::BatchGetResultsResponse response;
  if (grpc::Status s = stub_->BatchGetResults(&context, request, &response); !s.ok()) {
    return FromGrpcStatus(s);
  }
  if (response.frameworks_size() != request.attributions_size()) {
    return absl::InternalError(absl::StrCat("monitoring answered ", response.frameworks_size(),
                                            " results frameworks for ",
                                            request.attributions_size()));
  }
  return std::vector<monitoring_v1::ResultsFramework>(
      std::make_move_iterator(response.mutable_frameworks()->begin()),
      std::make_move_iterator(response.mutable_frameworks()->end()));
}

absl::StatusOr<monitoring_v1::Analytics> GrpcMonitoringClient::GetAnalytics(
    const CallContext& ctx, const monitoring_v1::GetAnalyticsRequest& request) {
  grpc::ClientContext context;
  PrepareCall(ctx, options_, identity_, &context);
  monitoring_v1::Analytics response;
  if (grpc::Status s = stub_->GetAnalytics(&context, request, &response); !s.ok()) {
    return FromGrpcStatus(s);
  }
  return response;
}

}  // namespace civitas::clients
