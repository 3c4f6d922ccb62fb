// CivitasStack: redis-server, civitas-registry, civitas-grants and civitas-gateway as real
// processes on free ports, each waited for through its ready file, for end-to-end tests over HTTP.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/testing/http_client.h"
#include "libs/testing/redis_server.h"
#include "libs/testing/subprocess.h"

namespace civitas::testing {

class CivitasStack {
 public:
  static constexpr char kJwtSecret[] = "e2e-secret";
  static constexpr char kWarehouseKey[] = "e2e-warehouse-key-0123456789";

  static absl::StatusOr<std::unique_ptr<CivitasStack>> Start();
  ~CivitasStack();

  int http_port() const { return http_port_; }
  absl::StatusOr<HttpResult> Call(const std::string& method, const std::string& target,
                                  const std::string& token = "", const std::string& body = "",
                                  std::vector<std::pair<std::string, std::string>> headers = {});
  // Bearer token for `role` acting for `organization` (`organizations/{id}`); the subject is
  // `<role>-e2e` unless given.
  std::string Token(const std::string& role, const std::string& organization = "",
                    const std::string& subject = "") const;

  // Starts one more gateway in front of the same registry with these flags added to the stack's
  // own (none may repeat one of them) and `environment` (CIVITAS_NAME=value entries) added to
  // its environment; it stops with the stack. Returns its HTTP port.
  absl::StatusOr<int> StartExtraGateway(const std::vector<std::string>& flags,
                                        const std::vector<std::string>& environment = {});

  // SIGKILLs the registry and redis-server, then starts both again on the same ports and data.
  absl::Status KillRegistryAndRedisThenRestart();

 private:
  CivitasStack() = default;
  absl::Status StartRegistry(int grpc_port);
  absl::Status StartGrants();
  absl::Status StartGateway();
  absl::StatusOr<int> LaunchGateway(const std::string& name, const std::vector<std::string>& flags,
                                    const std::vector<std::string>& environment,
                                    std::unique_ptr<Subprocess>* process);

  std::string dir_;
  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<Subprocess> registry_;
  std::unique_ptr<Subprocess> grants_;
  std::unique_ptr<Subprocess> gateway_;
  std::vector<std::unique_ptr<Subprocess>> extra_gateways_;
  int registry_port_ = 0;
  int grants_port_ = 0;
  int http_port_ = 0;
};

}  // namespace civitas::testing
