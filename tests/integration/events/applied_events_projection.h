// A projection for tests of event consumers: applying an event records it as the document
// `applied/<stream entry id>` and adds one to the counter `applied`, in one write plan whose
// idempotency key is the entry id. The counter therefore says how many events were applied, and
// exceeds the number of events only if one was applied twice.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "libs/events/event_consumer.h"
#include "libs/store/document_store.h"

namespace civitas::testing {

inline std::string AppliedDocumentId(const std::string& entry_id) {
  return absl::StrReplaceAll(entry_id, {{"-", "_"}});
}

// True when the event had been applied before (the plan replayed).
inline absl::StatusOr<bool> ApplyOnce(DocumentStore& store, const events::DeliveredEvent& e) {
  WritePlan plan;
  DocumentChange doc;
  doc.collection = "applied";
  doc.id = AppliedDocumentId(e.id);
  doc.payload = e.event.resource_name;
  doc.event_type = "applied.created";
  doc.resource_name = absl::StrCat("applied/", doc.id);
  plan.documents.push_back(std::move(doc));
  plan.counters.push_back({"applied", 1});
  plan.idempotency_key = e.id;
  plan.correlation_id = e.event.correlation_id;
  auto outcome = store.Write(plan);
  if (!outcome.ok()) {
    return outcome.status();
  }
  return outcome->replayed;
}

}  // namespace civitas::testing
