// Analytics: GetAnalytics answered from the totals the figures' writes keep (domain/totals.h,
// domain/analytics.h): the indicators asked and those behind them read together, every hash of
// totals the answer needs read in one pipelined round trip, whatever the number of figures below.
#pragma once

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "libs/clients/grants_client.h"
#include "libs/clients/registry_client.h"
#include "libs/records/request.h"
#include "libs/store/document_store.h"
#include "services/monitoring/domain/analytics.h"

namespace civitas::monitoring {

// The hashes of totals at `keys` in one round trip, by key (empty where nothing is kept).
absl::StatusOr<std::map<std::string, Totals>> ReadTotals(DocumentStore* store,
                                                         const std::set<std::string>& keys);

class Analytics {
 public:
  Analytics(DocumentStore* store, clients::RegistryClient* registry, clients::GrantsClient* grants)
      : store_(store), registry_(registry), grants_(grants) {}

  absl::StatusOr<v1::Analytics> Answer(const records::Request& r,
                                       const v1::GetAnalyticsRequest& request);

 private:
  // The rows answering `question`, asked by whoever may (no authorization here), read through
  // `reads`; with `published_only`, UNAUTHENTICATED for an indicator not published. NOT_FOUND
  // for an unknown indicator; INVALID_ARGUMENT when it needs too many hashes of totals.
  absl::StatusOr<std::vector<v1::AnalyticsRow>> Compute(DocumentStore* reads,
                                                        const AnalyticsQuestion& question,
                                                        bool published_only);
  // Whether the caller's organisation funds the question's attribution (asked of grants once).
  absl::StatusOr<bool> FundsAttribution(const records::Request& r, const std::string& attribution);

  DocumentStore* const store_;
  clients::RegistryClient* const registry_;
  clients::GrantsClient* const grants_;
};

}  // namespace civitas::monitoring
