#include "libs/testing/test_certificates.h"

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace civitas::testing {
namespace {

absl::Status Run(const std::string& command) {
  const std::string quiet = absl::StrCat(command, " >/dev/null 2>&1");
  if (std::system(quiet.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("failed: ", command));
  }
  return absl::OkStatus();
}

// A key and a certificate signed by the CA at `ca` (its .pem and .key), with `extensions`.
absl::Status Issue(const std::string& base, const std::string& ca, const std::string& subject,
                   const std::string& extensions) {
  {
    std::ofstream ext(base + ".ext");
    ext << extensions << "\n";
  }
  if (auto s = Run(absl::StrCat("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes ",
                                "-keyout ", base, ".key -out ", base, ".csr -subj ", subject));
      !s.ok()) {
    return s;
  }
  return Run(absl::StrCat("openssl x509 -req -in ", base, ".csr -CA ", ca, ".pem -CAkey ", ca,
                          ".key -CAcreateserial -out ", base, ".pem -days 1 -extfile ", base,
                          ".ext"));
}

}  // namespace

absl::StatusOr<TestCertificates> MakeTestCertificates(const std::string& dir,
                                                      const std::string& prefix) {
  const std::string ca = absl::StrCat(dir, "/", prefix, "-ca");
  if (auto s = Run(absl::StrCat(
          "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ", ca,
          ".key -out ", ca, ".pem -days 1 -subj /CN=", prefix, "-test-ca"));
      !s.ok()) {
    return s;
  }
  const std::string server = absl::StrCat(dir, "/", prefix, "-server");
  const std::string client = absl::StrCat(dir, "/", prefix, "-client");
  if (auto s = Issue(server, ca, "/CN=localhost",
                     "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth");
      !s.ok()) {
    return s;
  }
  if (auto s = Issue(client, ca, "/CN=partner", "extendedKeyUsage=clientAuth"); !s.ok()) return s;
  return TestCertificates{ca + ".pem", server + ".pem", server + ".key", client + ".pem",
                          client + ".key"};
}

}  // namespace civitas::testing
