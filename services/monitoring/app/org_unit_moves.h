// OrgUnitMoves: keeps figures where their org unit lies. The registry's organisation events
// (an organisation's territories changed) arrive through the outbox; each open submission of the
// organisation then takes the path the registry gives now, its totals moving from the old
// territories to the new in the same write. Approved submissions stay with their approver and
// accepted ones never move (domain/snapshots.h). Within a country: an organisation moved to
// another country keeps its submissions in the keyspace they were made in (PARTITIONS.md, "Moves
// between countries", not built), re-homed to its new path there. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/clients/registry_client.h"
#include "libs/events/event_consumer.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"
#include "services/monitoring/app/submission_stores.h"

namespace civitas::monitoring {

class OrgUnitMoves {
 public:
  OrgUnitMoves(clients::RegistryClient* registry, SubmissionStores* submissions)
      : registry_(registry), submissions_(submissions) {}

  // One registry event, as `job` (a background job principal). At least once and in any order:
  // the path is the registry's answer now, and moving a submission to the path it has writes
  // nothing. The registry is asked only about organisations with open submissions.
  absl::Status Handle(const events::DeliveredEvent& delivered, const Principal& job);

 private:
  // Moves each of `open` (submissions that follow moves) to `path`; returns how many moved.
  absl::StatusOr<int> Rehome(const std::vector<v1::Submission>& open,
                             const std::vector<std::string>& path, const Principal& job,
                             const clients::CallContext& ctx);

  clients::RegistryClient* const registry_;
  SubmissionStores* const submissions_;
};

}  // namespace civitas::monitoring
