// Certificates for TLS tests, made by the `openssl` command in a directory: a CA, a server
// certificate for localhost and 127.0.0.1, and a client certificate, all signed by the CA.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace civitas::testing {

struct TestCertificates {
  std::string ca_cert;  // PEM file paths
  std::string server_cert;
  std::string server_key;
  std::string client_cert;
  std::string client_key;
};

// Writes them into `dir` as `<prefix>-ca.pem`, `<prefix>-server.pem`... (P-256 keys, valid a
// day). Another prefix makes another CA.
absl::StatusOr<TestCertificates> MakeTestCertificates(const std::string& dir,
                                                      const std::string& prefix);

}  // namespace civitas::testing
