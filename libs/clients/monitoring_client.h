// MonitoringClient: what other services ask the monitoring service, as a typed interface: the
// results frameworks of programmes and grants (targets and published actuals), e.g. for the
// grants service's IATI export, and published analytics (the figures advocacy cites).
// GrpcMonitoringClient calls the service (deadline, correlation id, service identity, reads retried
// on UNAVAILABLE); FakeMonitoringClient (fake_monitoring_client.h) stands in for it in unit tests.
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/monitoring/v1/monitoring_service.grpc.pb.h"
#include "libs/clients/call_context.h"
#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/service_identity.h"

namespace civitas::clients {

// Implementations are thread-safe.
class MonitoringClient {
 public:
  virtual ~MonitoringClient() = default;
  // One framework per attribution (`programmes/{programme}` or `grants/{grant}`, 1 to 100), in
  // the order asked.
  virtual absl::StatusOr<std::vector<monitoring::v1::ResultsFramework>> BatchGetResults(
      const CallContext& ctx, const std::vector<std::string>& attributions) = 0;
  // Analytics as GetAnalytics answers them to this service's identity: published aggregates
  // (published indicators, territories, accepted figures), e.g. the figures advocacy cites.
  virtual absl::StatusOr<monitoring::v1::Analytics> GetAnalytics(
      const CallContext& ctx, const monitoring::v1::GetAnalyticsRequest& request) = 0;
};

class GrpcMonitoringClient final : public MonitoringClient {
 public:
  static std::unique_ptr<GrpcMonitoringClient> Connect(const std::string& address,
                                                       ServiceIdentity* identity,
                                                       GrpcClientOptions options = {});
  GrpcMonitoringClient(std::shared_ptr<grpc::Channel> channel, ServiceIdentity* identity,
                       GrpcClientOptions options);

  absl::StatusOr<std::vector<monitoring::v1::ResultsFramework>> BatchGetResults(
      const CallContext& ctx, const std::vector<std::string>& attributions) override;
  absl::StatusOr<monitoring::v1::Analytics> GetAnalytics(
      const CallContext& ctx, const monitoring::v1::GetAnalyticsRequest& request) override;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<monitoring::v1::MonitoringService::Stub> stub_;
  ServiceIdentity* const identity_;
  const GrpcClientOptions options_;
};

}  // namespace civitas::clients
