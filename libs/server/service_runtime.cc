#include "libs/server/service_runtime.h"

#include <utility>

#include "libs/auth/auth_settings.h"

namespace civitas {
namespace {

GrpcServerOptions ServerOptions(const Settings& settings, std::string health_service_name) {
  GrpcServerOptions options;
  options.address = settings.String("grpc_address");
  options.ready_file = settings.String("ready_file");
  options.health_service_names = {std::move(health_service_name)};
  return options;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServiceRuntime>> ServiceRuntime::Open(
    const Settings& settings, std::string health_service_name, JsonLogger* logger) {
  if (std::string warning = DevelopmentModeWarning(settings); !warning.empty()) {
    logger->Log("warn", warning);
  }
  auto metrics = MetricsExposer::Start(settings.String("metrics_address"));
  if (!metrics.ok()) return metrics.status();
  auto storage = ServiceStorage::Open(settings, static_cast<int>(settings.Int("write_threads")),
                                      metrics->get(), logger);
  if (!storage.ok()) return storage.status();
  return std::unique_ptr<ServiceRuntime>(new ServiceRuntime(
      settings, std::move(health_service_name), logger, *std::move(metrics), *std::move(storage)));
}

ServiceRuntime::ServiceRuntime(const Settings& settings, std::string health_service_name,
                               JsonLogger* logger, std::unique_ptr<MetricsExposer> metrics,
                               std::unique_ptr<ServiceStorage> storage)
    : metrics_(std::move(metrics)),
      storage_(std::move(storage)),
      jwt_(JwtOptionsFrom(settings), &clock_),
      verifier_(&jwt_, &clock_),
      authenticator_(&verifier_),
      writers_(static_cast<int>(settings.Int("write_threads"))),
      runner_(ServerOptions(settings, std::move(health_service_name)), metrics_.get(), logger,
              [this] { return storage_->redis().Ping(); }) {}

absl::Status ServiceRuntime::Serve(grpc::Service* service) {
  runner_.AddService(service);
  if (absl::Status s = runner_.Start(); !s.ok()) return s;
  storage_->retention().Start();
  return absl::OkStatus();
}

void ServiceRuntime::StopServing() { runner_.Shutdown(); }

void ServiceRuntime::StopBackground() { storage_->retention().Stop(); }

}  // namespace civitas
