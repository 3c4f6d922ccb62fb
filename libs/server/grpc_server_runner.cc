#include "libs/server/grpc_server_runner.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>

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

namespace {

// The TLS listener's credentials: files read again every reload_interval by gRPC's own watcher.
// The files must be readable now: a listener that would fail every handshake is refused at start.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> TlsCredentials(const GrpcTlsOptions& tls) {
  if (tls.cert_file.empty() || tls.key_file.empty()) {
    return absl::InvalidArgumentError(
        "grpc_tls_address needs grpc_tls_cert_file and grpc_tls_key_file");
  }
  for (const std::string* file : {&tls.cert_file, &tls.key_file, &tls.client_ca_file}) {
    if (file->empty()) continue;
    std::ifstream in(*file);
    std::string first;
    if (!in || !std::getline(in, first) || first.rfind("-----BEGIN ", 0) != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("TLS file ", *file, " cannot be read or is not PEM"));
    }
  }
  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      tls.key_file, tls.cert_file, tls.client_ca_file,
      static_cast<unsigned int>(absl::ToInt64Seconds(tls.reload_interval)));
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (tls.client_ca_file.empty()) {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  } else {
    options.watch_root_certs();
    options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

}  // namespace

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
  if (options_.tls.enabled()) {
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> tls = TlsCredentials(options_.tls);
    if (!tls.ok()) return tls.status();
    builder.AddListeningPort(options_.tls.address, *tls, &tls_port_);
  }
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
  if (server_ == nullptr || port_ == 0 || (options_.tls.enabled() && tls_port_ == 0)) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.address,
                     options_.tls.enabled() ? absl::StrCat(" and ", options_.tls.address) : ""));
  }
  SetServing(readiness_probe_().ok());
  probe_thread_ = std::thread([this] { ProbeLoop(); });
  if (!options_.ready_file.empty()) {
    auto status = WriteFileAtomically(
        options_.ready_file,
        absl::StrCat("{\"grpc_port\":", port_, ",\"metrics_port\":", metrics_->port(),
                     options_.tls.enabled() ? absl::StrCat(",\"grpc_tls_port\":", tls_port_) : "",
                     "}\n"));
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
