// RegistrySync: keeps the registry's social services in step with the certificates, as the
// handler of this service's outbox stream (libs/events). For each certificate event it reads
// every certificate of each social service the certificate lists, as they are now, and sets the
// service's status in the registry with the event's id as the idempotency key: a redelivered
// event changes nothing again, and one delivered late sets what is true now, never an older
// state.
#pragma once

#include "absl/status/status.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/events/event_consumer.h"
#include "libs/store/document_store.h"

namespace civitas::accreditation {

class RegistrySync {
 public:
  RegistrySync(DocumentStore* store, clients::RegistryClient* registry, const Clock* clock)
      : store_(store), registry_(registry), clock_(clock) {}

  // OK once applied (or when there is nothing to apply); an error leaves the event for a retry.
  absl::Status Handle(const events::DeliveredEvent& delivered);

 private:
  DocumentStore* const store_;
  clients::RegistryClient* const registry_;
  const Clock* const clock_;
};

}  // namespace civitas::accreditation
