// CivitasStack: redis-server, civitas-registry, civitas-grants, civitas-accreditation and
// civitas-gateway as real processes on free ports, each waited for through its ready file, for
// end-to-end tests over HTTP.
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
  static constexpr char kJwtSecret[] = "e2e-secret-not-for-deployments-0123456789";
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
  // SIGKILLs the registry (the registry sync's target) and starts it again on its port.
  absl::Status KillRegistryThenRestart();
  // SIGKILLs civitas-accreditation (its registry sync mid-flow) and starts it again on its port.
  absl::Status KillAccreditationThenRestart();
  // SIGKILLs redis-server and starts it again on the same port and data; reads once through
  // each service so that their connection pools are fresh again.
  absl::Status KillRedisThenRestart();

 private:
  CivitasStack() = default;
  absl::Status StartRegistry(int grpc_port);
  // A service that talks to the stack's Redis and registry (grants, accreditation).
  // Accreditation's registry sync takes an unacknowledged event again after this long (short,
  // so that tests see a killed consumer's events handled again soon).
  static constexpr char kAccreditationClaimIdle[] = "--registry_sync_claim_idle_ms=500";

  // A service that talks to the stack's Redis and registry (grants, accreditation), on `*port`
  // (0: a free one, written back).
  absl::Status StartService(const std::string& name, const char* binary,
                            std::unique_ptr<Subprocess>* process, int* port,
                            std::vector<std::string> flags = {});
  // Until the gateway's /readyz says every backend answers.
  absl::Status WaitUntilReady();
  absl::Status StartGateway();
  absl::StatusOr<int> LaunchGateway(const std::string& name, const std::vector<std::string>& flags,
                                    const std::vector<std::string>& environment,
                                    std::unique_ptr<Subprocess>* process);

  std::string dir_;
  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<Subprocess> registry_;
  std::unique_ptr<Subprocess> grants_;
  std::unique_ptr<Subprocess> accreditation_;
  std::unique_ptr<Subprocess> gateway_;
  std::vector<std::unique_ptr<Subprocess>> extra_gateways_;
  int registry_port_ = 0;
  int grants_port_ = 0;
  int accreditation_port_ = 0;
  int http_port_ = 0;
};

}  // namespace civitas::testing
