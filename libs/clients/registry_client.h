// RegistryClient: what other services ask the registry, as a typed interface (the
// google-cloud-cpp stub style): GrpcRegistryClient calls the registry, FakeRegistryClient stands
// in for it in unit tests. Errors are the registry's, as absl::Status: NOT_FOUND for a missing
// record, INVALID_ARGUMENT for a malformed name, PERMISSION_DENIED for a draft this service may
// not read, UNAVAILABLE / DEADLINE_EXCEEDED when the registry cannot answer in time.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/registry/v1/registry_service.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/clients/call_context.h"

namespace civitas::clients {

struct TerritoryAncestry {
  registry::v1::Territory territory;
  // Territory names from the country down to `territory` itself.
  std::vector<std::string> path;

  // True when `ancestor` is the territory or one of its ancestors (e.g. is this community in
  // Syunik?).
  bool IsWithin(const std::string& ancestor) const;
};

// Implementations are thread-safe.
class RegistryClient {
 public:
  virtual ~RegistryClient() = default;
  // `name`: `organizations/{organization}`.
  virtual absl::StatusOr<registry::v1::Organization> GetOrganization(const CallContext& ctx,
                                                                     const std::string& name) = 0;
  // `name`: `territories/{territory}`.
  virtual absl::StatusOr<TerritoryAncestry> GetTerritoryAncestry(const CallContext& ctx,
                                                                 const std::string& name) = 0;
  // A partnership (memorandum or service contract), e.g. the contract an action of a municipal
  // plan names.
  virtual absl::StatusOr<registry::v1::Partnership> GetPartnership(const CallContext& ctx,
                                                                   const std::string& name) = 0;
  // `name`: `socialServices/{social_service}`.
  virtual absl::StatusOr<registry::v1::SocialService> GetSocialService(const CallContext& ctx,
                                                                       const std::string& name) = 0;
  // The social services `provider` (`organizations/{organization}`) provides, every page (those
  // this service may read: published ones), in the registry's order.
  virtual absl::StatusOr<std::vector<registry::v1::SocialService>> ListSocialServicesOf(
      const CallContext& ctx, const std::string& provider) = 0;
  // Records a social service's accreditation status (the accreditation service's role). Writes
  // are not retried here; request.request_id is the change's idempotency key (a repeat with the
  // same key changes nothing again).
  virtual absl::StatusOr<registry::v1::SocialService> SetSocialServiceAccreditation(
      const CallContext& ctx,
      const registry::v1::SetSocialServiceAccreditationRequest& request) = 0;
  // The service type catalogue.
  virtual absl::StatusOr<std::vector<registry::v1::ServiceType>> ListServiceTypes(
      const CallContext& ctx) = 0;
};

}  // namespace civitas::clients
