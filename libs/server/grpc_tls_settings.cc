#include "libs/server/grpc_tls_settings.h"

namespace civitas {

void DeclareGrpcTlsSettings(SettingsSchema* schema) {
  schema
      ->String("grpc_tls_address", "",
               "host:port of a second gRPC listener with TLS, for partners calling directly "
               "(empty: none; grpc_address stays plain for the gateway and peers)")
      .String("grpc_tls_cert_file", "", "PEM certificate chain of the TLS listener")
      .String("grpc_tls_key_file", "", "PEM private key of the TLS listener")
      .String("grpc_tls_client_ca_file", "",
              "PEM CAs a client certificate must chain to: set, the TLS listener requires and "
              "verifies one (mutual TLS); empty, it asks none")
      .Int("grpc_tls_reload_seconds", 60,
           "how often the TLS files are read again (a renewed certificate needs no restart)", 1,
           86400);
}

GrpcTlsOptions GrpcTlsOptionsFrom(const Settings& settings) {
  GrpcTlsOptions options;
  options.address = settings.String("grpc_tls_address");
  options.cert_file = settings.String("grpc_tls_cert_file");
  options.key_file = settings.String("grpc_tls_key_file");
  options.client_ca_file = settings.String("grpc_tls_client_ca_file");
  options.reload_interval = absl::Seconds(settings.Int("grpc_tls_reload_seconds"));
  return options;
}

}  // namespace civitas
