#include "libs/clients/fake_registry_client.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace civitas::clients {
namespace {

namespace registry_v1 = registry::v1;

absl::Status NotFound(const std::string& name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

}  // namespace

void FakeRegistryClient::Add(registry_v1::Organization organization) {
  absl::MutexLock lock(&mu_);
  std::string name = organization.name();
  organizations_[name] = std::move(organization);
}

void FakeRegistryClient::Add(registry_v1::Territory territory) {
  absl::MutexLock lock(&mu_);
  std::string name = territory.name();
  territories_[name] = std::move(territory);
}

void FakeRegistryClient::Add(registry_v1::Partnership partnership) {
  absl::MutexLock lock(&mu_);
  std::string name = partnership.name();
  partnerships_[name] = std::move(partnership);
}

void FakeRegistryClient::Add(registry_v1::SocialService service) {
  absl::MutexLock lock(&mu_);
  std::string name = service.name();
  services_[name] = std::move(service);
}

void FakeRegistryClient::FailNext(absl::Status error) {
  absl::MutexLock lock(&mu_);
  failures_.push_back(std::move(error));
}

std::vector<FakeRegistryClient::Call> FakeRegistryClient::calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

absl::Status FakeRegistryClient::Begin(const char* method, const CallContext& ctx,
                                       const std::string& name) {
  calls_.push_back({method, name, ctx.correlation_id});
  if (failures_.empty()) {
    return absl::OkStatus();
  }
  absl::Status error = std::move(failures_.front());
  failures_.pop_front();
  return error;
}

absl::StatusOr<registry_v1::Organization> FakeRegistryClient::GetOrganization(
    const CallContext& ctx, const std::string& name) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Begin("GetOrganization", ctx, name); !s.ok()) return s;
  auto it = organizations_.find(name);
  if (it == organizations_.end()) return NotFound(name);
  return it->second;
}

absl::StatusOr<TerritoryAncestry> FakeRegistryClient::GetTerritoryAncestry(
    const CallContext& ctx, const std::string& name) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Begin("GetTerritoryAncestry", ctx, name); !s.ok()) return s;
  auto it = territories_.find(name);
  if (it == territories_.end()) return NotFound(name);
  TerritoryAncestry ancestry{it->second, {}};
  ancestry.path.assign(it->second.ancestors().begin(), it->second.ancestors().end());
  ancestry.path.push_back(name);
  return ancestry;
}

absl::StatusOr<registry_v1::Partnership> FakeRegistryClient::GetPartnership(
    const CallContext& ctx, const std::string& name) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Begin("GetPartnership", ctx, name); !s.ok()) return s;
  auto it = partnerships_.find(name);
  if (it == partnerships_.end()) return NotFound(name);
  return it->second;
}

absl::StatusOr<registry_v1::SocialService> FakeRegistryClient::GetSocialService(
    const CallContext& ctx, const std::string& name) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Begin("GetSocialService", ctx, name); !s.ok()) return s;
  auto it = services_.find(name);
  if (it == services_.end()) return NotFound(name);
  return it->second;
}

absl::StatusOr<std::vector<registry_v1::SocialService>> FakeRegistryClient::ListSocialServicesOf(
    const CallContext& ctx, const std::string& provider) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Begin("ListSocialServicesOf", ctx, provider); !s.ok()) return s;
  std::vector<registry_v1::SocialService> out;
  for (const auto& [name, service] : services_) {
    if (service.provider() == provider) out.push_back(service);
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.name() < b.name(); });
  return out;
}

absl::StatusOr<registry_v1::SocialService> FakeRegistryClient::SetSocialServiceAccreditation(
    const CallContext& ctx, const registry_v1::SetSocialServiceAccreditationRequest& request) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Begin("SetSocialServiceAccreditation", ctx, request.name()); !s.ok()) {
    return s;
  }
  auto it = services_.find(request.name());
  if (it == services_.end()) return NotFound(request.name());
  const std::string& key = request.request_id();
  if (!key.empty() && !applied_requests_.emplace(key, true).second) return it->second;
  it->second.set_accreditation_status(request.accreditation_status());
  it->second.set_accreditation_certificate(request.accreditation_certificate());
  it->second.set_accreditation_valid_until(request.accreditation_valid_until());
  return it->second;
}

void FakeRegistryClient::Add(registry_v1::ServiceType type) {
  absl::MutexLock lock(&mu_);
  service_types_.push_back(std::move(type));
}

absl::StatusOr<std::vector<registry_v1::ServiceType>> FakeRegistryClient::ListServiceTypes(
    const CallContext& ctx) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Begin("ListServiceTypes", ctx, ""); !s.ok()) return s;
  return service_types_;
}

}  // namespace civitas::clients
