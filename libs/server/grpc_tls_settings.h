// The settings of a service's TLS listener: a second gRPC port, with TLS and optionally mutual
// TLS, for partners that call the service directly. The plain `grpc_address` stays for the
// gateway and the peers inside the deployment's network (a NetworkPolicy admits only them).
#pragma once

#include <string>

#include "absl/time/time.h"
#include "libs/common/settings.h"

namespace civitas {

struct GrpcTlsOptions {
  // host:port of the TLS listener; empty: none.
  std::string address;
  // PEM files: the server's certificate chain and key, and (for mutual TLS) the CAs a client's
  // certificate must chain to; an empty `client_ca_file` asks no client certificate.
  std::string cert_file;
  std::string key_file;
  std::string client_ca_file;
  // How often the files are read again: a renewed certificate is served without a restart.
  absl::Duration reload_interval = absl::Seconds(60);

  bool enabled() const { return !address.empty(); }
};

// grpc_tls_address, grpc_tls_cert_file, grpc_tls_key_file, grpc_tls_client_ca_file,
// grpc_tls_reload_seconds.
void DeclareGrpcTlsSettings(SettingsSchema* schema);
GrpcTlsOptions GrpcTlsOptionsFrom(const Settings& settings);

}  // namespace civitas
