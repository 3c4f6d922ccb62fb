// Use case of a municipality's iCalendar feed: what is coming up in a territory, from the
// records that name it: its planning cycles' sessions and their open rounds' closing days, and
// the recorded activities of the campaigns (that the caller may read) working in it, rendered by
// domain/calendar.h as `text/calendar`.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "google/api/httpbody.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/request.h"
#include "libs/store/document_store.h"

namespace civitas::advocacy {

class TerritoryCalendarFeed {
 public:
  TerritoryCalendarFeed(DocumentStore* store, clients::RegistryClient* registry, const Clock* clock)
      : store_(store), registry_(registry), clock_(clock) {}

  // 400 for a name that is not `territories/{id}`, 404 for one the registry does not hold.
  absl::StatusOr<google::api::HttpBody> Feed(const records::Request& r,
                                             const std::string& territory);

 private:
  DocumentStore* const store_;
  clients::RegistryClient* const registry_;
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
