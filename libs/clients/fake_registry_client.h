// FakeRegistryClient: a RegistryClient over records held in memory, for unit tests of services
// that call the registry. It answers as the registry would (NOT_FOUND naming the record, the
// territory path from `ancestors`), records every call with its correlation id, and can be told to
// fail the next calls (e.g. UNAVAILABLE) to test the caller's error paths.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "libs/clients/registry_client.h"

namespace civitas::clients {

// Thread-safe.
class FakeRegistryClient final : public RegistryClient {
 public:
  struct Call {
    std::string method;  // e.g. `GetOrganization`
    std::string name;
    std::string correlation_id;
  };

  void Add(registry::v1::Organization organization);
  void Add(registry::v1::Territory territory);
  void Add(registry::v1::SocialService service);
  void Add(registry::v1::Partnership partnership);
  void Add(registry::v1::ServiceType type);
  // The next calls (any method) return these errors, one per call, before answering again.
  void FailNext(absl::Status error);
  std::vector<Call> calls() const;

  absl::StatusOr<registry::v1::Organization> GetOrganization(const CallContext& ctx,
                                                             const std::string& name) override;
  absl::StatusOr<TerritoryAncestry> GetTerritoryAncestry(const CallContext& ctx,
                                                         const std::string& name) override;
  absl::StatusOr<registry::v1::Partnership> GetPartnership(const CallContext& ctx,
                                                           const std::string& name) override;
  absl::StatusOr<registry::v1::SocialService> GetSocialService(const CallContext& ctx,
                                                               const std::string& name) override;
  absl::StatusOr<std::vector<registry::v1::ServiceType>> ListServiceTypes(
      const CallContext& ctx) override;
  absl::StatusOr<std::vector<registry::v1::SocialService>> ListSocialServicesOf(
      const CallContext& ctx, const std::string& provider) override;
  // Applies each request id once, as the registry does.
  absl::StatusOr<registry::v1::SocialService> SetSocialServiceAccreditation(
      const CallContext& ctx,
      const registry::v1::SetSocialServiceAccreditationRequest& request) override;

 private:
  // Records the call; the scripted error, if one is queued.
  absl::Status Begin(const char* method, const CallContext& ctx, const std::string& name)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, registry::v1::Organization> organizations_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, registry::v1::Territory> territories_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, registry::v1::SocialService> services_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, registry::v1::Partnership> partnerships_ ABSL_GUARDED_BY(mu_);
  std::vector<registry::v1::ServiceType> service_types_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, bool> applied_requests_ ABSL_GUARDED_BY(mu_);
  std::deque<absl::Status> failures_ ABSL_GUARDED_BY(mu_);
  std::vector<Call> calls_ ABSL_GUARDED_BY(mu_);
};

}  // namespace civitas::clients
