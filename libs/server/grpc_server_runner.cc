#include "libs/server/grpc_server_runner.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "libs/server/server_interceptors.h"

namespace civitas {

absl::Status WriteFileAtomically(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << content;
    if (!out) {
      return absl::InternalError(absl::StrCat("cannot write ", tmp));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot rename ", tmp, " to ", path));
  }
  return absl::OkStatus();
}

GrpcServerRunner::GrpcServerRunner(GrpcServerOptions options, MetricsExposer* metrics,
                                   JsonLogger* logger,
                                   std::function<absl::Status()> readiness_probe)
    : options_(std::move(options)),
      metrics_(metrics),
      logger_(logger),
      readiness_probe_(std::move(readiness_probe)) {}

GrpcServerRunner::~GrpcServerRunner() { Shutdown(); }

absl::Status GrpcServerRunner::Start() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.address, grpc::InsecureServerCredentials(), &port_);
  for (grpc::Service* s : services_) {
    builder.RegisterService(s);
  }
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<MetricsInterceptorFactory>(metrics_->registry()));
  factories.push_back(std::make_unique<LoggingInterceptorFactory>(logger_, options_.authenticator));
  factories.push_back(
      std::make_unique<CredentialsRequiredInterceptorFactory>(options_.health_service_names));
  builder.experimental().SetInterceptorCreators(std::move(factories));
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.address));
  }
  SetServing(readiness_probe_().ok());
  probe_thread_ = std::thread([this] { ProbeLoop(); });
  if (!options_.ready_file.empty()) {
    auto status = WriteFileAtomically(
        options_.ready_file,
        absl::StrCat("{\"grpc_port\":", port_, ",\"metrics_port\":", metrics_->port(), "}\n"));
    if (!status.ok()) return status;
  }
  logger_->Log(
      "info", "serving", {{"address", options_.address}},
      {{"grpc_port", std::to_string(port_)}, {"metrics_port", std::to_string(metrics_->port())}});
  return absl::OkStatus();
}

void GrpcServerRunner::SetServing(bool serving) {
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus("", serving);
  for (const auto& name : options_.health_service_names) {
    health->SetServingStatus(name, serving);
  }
  if (serving != serving_) {
    logger_->Log(serving ? "info" : "warn", serving ? "ready" : "not ready");
    serving_ = serving;
  }
}

void GrpcServerRunner::ProbeLoop() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.probe_interval);
    if (stopping_) break;
    mu_.Unlock();
    bool ok = readiness_probe_().ok();
    mu_.Lock();
    if (!stopping_) SetServing(ok);
  }
}

void GrpcServerRunner::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_ || server_ == nullptr) return;
    stopping_ = true;
  }
  if (probe_thread_.joinable()) probe_thread_.join();
  server_->GetHealthCheckService()->Shutdown();
  if (options_.drain_delay > absl::ZeroDuration()) {
    logger_->Log("info", "not ready; still serving while clients move away",
                 {{"drain_delay", absl::FormatDuration(options_.drain_delay)}});
    absl::SleepFor(options_.drain_delay);
  }
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::milliseconds(absl::ToInt64Milliseconds(options_.drain_timeout)));
  server_->Wait();
  logger_->Log("info", "stopped");
}

}  // namespace civitas
