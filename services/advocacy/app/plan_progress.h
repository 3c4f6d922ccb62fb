// Use case of a plan's progress view: a cycle's actions with their money as grants and the
// registry hold it now (the grant's amount awarded and disbursed, the contract's value) and their
// indicators' latest published figures for the cycle's territory (monitoring, one question per 20
// indicators).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "civitas/advocacy/v1/planning.pb.h"
#include "libs/clients/grants_client.h"
#include "libs/clients/monitoring_client.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::advocacy {

class PlanProgressView {
 public:
  PlanProgressView(DocumentStore* store, clients::RegistryClient* registry,
                   clients::GrantsClient* grants, clients::MonitoringClient* monitoring,
                   records::RecordService<v1::PlanningCycle>* cycles, const Clock* clock)
      : store_(store),
        registry_(registry),
        grants_(grants),
        monitoring_(monitoring),
        cycles_(cycles),
        clock_(clock) {}

  absl::StatusOr<v1::PlanProgress> Of(const records::Request& r, const std::string& name);

 private:
  DocumentStore* const store_;
  clients::RegistryClient* const registry_;
  clients::GrantsClient* const grants_;
  clients::MonitoringClient* const monitoring_;
  records::RecordService<v1::PlanningCycle>* const cycles_;
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
