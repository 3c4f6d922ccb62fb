// CertificateSync: the registry's consumer of the accreditation service's outbox stream
// (ServiceRuntime::AddEventConsumer, at least once). For each certificate event it stores the
// certificate as the event carries it in the registry's copy (certificate_copies.h), unless the
// copy already holds that version or a later one, and sets each social service the certificate
// lists (or listed) to what its certificates say today (certificates::StatusInRegistry): one
// write plan, the copy and the services together. A redelivered or late event changes nothing;
// two events racing for one service make one of the writes ABORTED (each moves the service's
// count of applied events from the value it read), and it is computed again from both.
// Thread-safe.
#pragma once

#include "absl/status/status.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/common/clock.h"
#include "libs/events/event_consumer.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::registry {

class CertificateSync {
 public:
  CertificateSync(DocumentStore* store, records::RecordService<v1::SocialService>* services,
                  const Clock* clock)
      : store_(store), services_(services), clock_(clock) {}

  // OK once applied (or when the event is not a newer certificate); an error leaves the event
  // for a later delivery (DATA_LOSS: it never parses, and is dead-lettered after its attempts).
  absl::Status Handle(const events::DeliveredEvent& delivered);

 private:
  // One attempt: ABORTED when a document it read changed before the write applied.
  absl::Status Apply(const events::DeliveredEvent& delivered,
                     const accreditation::v1::Certificate& certificate, int64_t version);

  DocumentStore* const store_;
  records::RecordService<v1::SocialService>* const services_;
  const Clock* const clock_;
};

}  // namespace civitas::registry
