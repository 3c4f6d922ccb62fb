// Analytics: GetAnalytics answered from the totals the figures' writes keep (domain/totals.h,
// domain/analytics.h): the indicators asked and those behind them read together, every hash of
// totals the answer needs read in one pipelined round trip, whatever the number of figures below,
// at the same time as the indicators once they were read before (IndicatorDefinitions).
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
#include "services/monitoring/app/indicator_definitions.h"
#include "services/monitoring/app/submission_stores.h"
#include "services/monitoring/domain/analytics.h"

namespace civitas::monitoring {

// The hashes of totals at the keys of `keyspaces` (each key with the keyspaces holding its org
// unit's figures: SubmissionStores::KeyspacesOfTotals), by key, empty where nothing is kept: a
// figure's fields are in those keyspaces, a target's at home (targets are kept there), so a key
// is read in each, one pipelined round trip per keyspace, all at once, and the fields added up
// (a target's fields are its own; a figure's field in two keyspaces is two organisations').
absl::StatusOr<std::map<std::string, Totals>> ReadTotals(
    const records::Request& r, SubmissionStores* submissions,
    const std::map<std::string, std::vector<std::string>>& keyspaces);

class Analytics {
 public:
  Analytics(SubmissionStores* submissions, clients::RegistryClient* registry,
            clients::GrantsClient* grants)
      : store_(submissions->home()),
        submissions_(submissions),
        registry_(registry),
        grants_(grants) {}

  absl::StatusOr<v1::Analytics> Answer(const records::Request& r,
                                       const v1::GetAnalyticsRequest& request);

 private:
  // The rows answering `question`, asked by whoever may (no authorization here), read through
  // `reads`; with `published_only`, UNAUTHENTICATED for an indicator not published. NOT_FOUND
  // for an unknown indicator; INVALID_ARGUMENT when it needs too many hashes of totals.
  absl::StatusOr<std::vector<v1::AnalyticsRow>> Compute(const records::Request& r,
                                                        const AnalyticsQuestion& question,
                                                        bool published_only);
  // The hashes of totals `question` needs for `indicators` (each key with its org unit's
  // keyspaces); INVALID_ARGUMENT when they are too many.
  static absl::StatusOr<std::map<std::string, std::vector<std::string>>> TotalsKeys(
      const AnalyticsQuestion& question, const IndicatorsByName& indicators,
      const std::vector<std::vector<std::string>>& keyspace_of);
  // Whether the caller's organisation funds the question's attribution (asked of grants once).
  absl::StatusOr<bool> FundsAttribution(const records::Request& r, const std::string& attribution);

  // Home: indicators.
  DocumentStore* const store_;
  SubmissionStores* const submissions_;
  clients::RegistryClient* const registry_;
  clients::GrantsClient* const grants_;
  IndicatorDefinitions definitions_;
};

}  // namespace civitas::monitoring
