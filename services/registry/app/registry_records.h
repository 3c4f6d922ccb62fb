// RegistryRecords: the registry's resources wired to one DocumentStore: hooks plus a
// RecordService per resource. Owns the hooks and services; does not own the store.
#pragma once

#include "services/registry/app/record_service.h"
#include "services/registry/app/registry_hooks.h"

namespace civitas::registry {

class RegistryRecords {
 public:
  RegistryRecords(DocumentStore* store, const Clock* clock, IdGenerator* ids)
      : territory_hooks_(store),
        organization_hooks_(store),
        social_service_hooks_(store),
        partnership_hooks_(store),
        network_hooks_(store),
        territories(store, &territory_hooks_, clock, ids),
        organizations(store, &organization_hooks_, clock, ids),
        social_services(store, &social_service_hooks_, clock, ids),
        partnerships(store, &partnership_hooks_, clock, ids),
        networks(store, &network_hooks_, clock, ids) {}

 private:
  TerritoryHooks territory_hooks_;
  OrganizationHooks organization_hooks_;
  SocialServiceHooks social_service_hooks_;
  PartnershipHooks partnership_hooks_;
  NetworkHooks network_hooks_;

 public:
  RecordService<v1::Territory> territories;
  RecordService<v1::Organization> organizations;
  RecordService<v1::SocialService> social_services;
  RecordService<v1::Partnership> partnerships;
  RecordService<v1::Network> networks;
};

}  // namespace civitas::registry
