// RegistryRecords: the registry's resources wired to one DocumentStore: each resource's rules and
// its RecordService (libs/records), the consumer of the accreditation service's certificate
// events and the administrator's accreditation override. Owns the rules and services; does not own
// the store.
#pragma once

#include "libs/records/record_service.h"
#include "services/registry/app/accreditation_override.h"
#include "services/registry/app/capacity_rules.h"
#include "services/registry/app/certificate_sync.h"
#include "services/registry/app/cohort_view.h"
#include "services/registry/app/network_rules.h"
#include "services/registry/app/organization_rules.h"
#include "services/registry/app/partnership_rules.h"
#include "services/registry/app/social_service_rules.h"
#include "services/registry/app/territory_rules.h"

namespace civitas::registry {

class RegistryRecords {
 public:
  RegistryRecords(DocumentStore* store, const Clock* clock, IdGenerator* ids)
      : territory_rules_(store),
        organization_rules_(store),
        social_service_rules_(store),
        network_rules_(store),
        programme_rules_(store),
        territories(store, &territory_rules_, clock, ids),
        organizations(store, &organization_rules_, clock, ids),
        social_services(store, &social_service_rules_, clock, ids),
        partnerships(store, &partnership_rules_, clock, ids),
        networks(store, &network_rules_, clock, ids),
        certificate_sync(store, &social_services, clock),
        accreditation_override(&social_services),
        training_programmes(store, &programme_rules_, clock, ids),
        training_events(store, &event_rules_, clock, ids),
        cohorts(store, &training_programmes, clock) {}

 private:
  TerritoryRules territory_rules_;
  OrganizationRules organization_rules_;
  SocialServiceRules social_service_rules_;
  PartnershipRules partnership_rules_;
  NetworkRules network_rules_;
  TrainingProgrammeRules programme_rules_;
  TrainingEventRules event_rules_;

 public:
  records::RecordService<v1::Territory> territories;
  records::RecordService<v1::Organization> organizations;
  records::RecordService<v1::SocialService> social_services;
  records::RecordService<v1::Partnership> partnerships;
  records::RecordService<v1::Network> networks;
  CertificateSync certificate_sync;
  AccreditationOverride accreditation_override;
  records::RecordService<v1::TrainingProgramme> training_programmes;
  records::RecordService<v1::TrainingEvent> training_events;
  CohortView cohorts;
};

}  // namespace civitas::registry
