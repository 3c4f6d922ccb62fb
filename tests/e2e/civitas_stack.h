// CivitasStack: redis-server, every service of services/services.list and civitas-gateway as real
// processes on free ports, each waited for through its ready file, for end-to-end tests over HTTP.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/testing/document_server.h"
#include "libs/testing/http_client.h"
#include "libs/testing/redis_server.h"
#include "libs/testing/subprocess.h"
#include "libs/testing/test_identity_provider.h"

namespace civitas::testing {

struct StackOptions {
  // Flags added to a service's own (by service name), e.g. shorter timers for a test.
  std::map<std::string, std::vector<std::string>> service_flags;
};

class CivitasStack {
 public:
  static constexpr char kJwtSecret[] = "e2e-secret-not-for-deployments-0123456789";
  static constexpr char kWarehouseKey[] = "e2e-warehouse-key-0123456789";
  // The stack's identity provider: every process fetches its JWK Set over HTTP from the test
  // (refetched on an unknown kid, at most every 5 s) and reads Keycloak's claim layout: roles at
  // realm_access.roles named `civitas-<role>`, the organisation at `civitas_org`.
  static constexpr char kProviderIssuer[] = "https://sso.e2e.example/realms/civitas";
  static constexpr char kProviderAudience[] = "civitas-e2e";
  static constexpr char kProviderKeysPath[] = "/realms/civitas/protocol/openid-connect/certs";

  static absl::StatusOr<std::unique_ptr<CivitasStack>> Start(StackOptions options = {});
  ~CivitasStack();

  int http_port() const { return http_port_; }
  absl::StatusOr<HttpResult> Call(const std::string& method, const std::string& target,
                                  const std::string& token = "", const std::string& body = "",
                                  std::vector<std::pair<std::string, std::string>> headers = {});
  // Bearer token for `role` acting for `organization` (`organizations/{id}`) and, for a
  // municipality, responsible for `territories`; the subject is `<role>-e2e` unless given.
  std::string Token(const std::string& role, const std::string& organization = "",
                    const std::string& subject = "",
                    std::vector<std::string> territories = {}) const;

  // A token signed by the provider's key `kid`: iss, aud, sub `subject`, exp in an hour, and
  // `extra_claims` (members to add, e.g. `"azp":"web"`) with the roles and organisation.
  std::string ProviderToken(const std::string& kid, const std::string& subject,
                            const std::string& role, const std::string& organization = "",
                            const std::string& extra_claims = "") const;
  // The provider's keys; PublishProviderKeys() serves the set as it now is.
  TestIdentityProvider& provider() { return provider_; }
  void PublishProviderKeys();
  // How many times the key set was fetched (by every process together).
  int provider_key_fetches() const { return jwks_server_.requests(); }

  // Starts one more gateway in front of the same services with these flags added to the stack's
  // own (none may repeat one of them) and `environment` (CIVITAS_NAME=value entries) added to
  // its environment; it stops with the stack. Returns its HTTP port.
  absl::StatusOr<int> StartExtraGateway(const std::vector<std::string>& flags,
                                        const std::vector<std::string>& environment = {});

  // SIGKILLs the service `name` and starts it again on its port, then waits until the gateway is
  // ready again.
  absl::Status KillServiceThenRestart(const std::string& name);
  // SIGKILLs the service `name` and redis-server, then starts both again on the same ports and
  // data.
  absl::Status KillServiceAndRedisThenRestart(const std::string& name);
  // SIGKILLs redis-server and starts it again on the same port and data, then GETs each of
  // `reads` (admin-free paths, one per service the test writes to next) so that those services'
  // connection pools are fresh again.
  absl::Status KillRedisThenRestart(const std::vector<std::string>& reads);
  // SIGSTOP / SIGCONT of redis-server: a stall, every connection open and nothing answered.
  void PauseRedis() { redis_->Pause(); }
  void ResumeRedis() { redis_->Resume(); }

 private:
  struct ServiceProcess {
    std::string name;
    int port = 0;  // chosen before any service starts: each is told where the others are
    std::unique_ptr<Subprocess> process;
  };

  CivitasStack() = default;
  ServiceProcess* Find(const std::string& name);
  // The identity-provider flags of every process.
  std::vector<std::string> ProviderFlags() const;
  // `name=127.0.0.1:<port>,...` for every service.
  std::string Peers() const;
  absl::Status StartService(ServiceProcess* service);
  // Until the gateway's /readyz says every backend answers.
  absl::Status WaitUntilReady();
  absl::StatusOr<int> LaunchGateway(const std::string& name, const std::vector<std::string>& flags,
                                    const std::vector<std::string>& environment,
                                    std::unique_ptr<Subprocess>* process);

  StackOptions options_;
  TestIdentityProvider provider_;
  DocumentServer jwks_server_;
  std::string dir_;
  std::unique_ptr<RedisServer> redis_;
  std::vector<ServiceProcess> services_;  // in the list's order
  std::unique_ptr<Subprocess> gateway_;
  std::vector<std::unique_ptr<Subprocess>> extra_gateways_;
  int http_port_ = 0;
};

}  // namespace civitas::testing
