// MonitoringRecords: the monitoring resources wired to their stores (home, and the keyspaces of
// submissions: SubmissionStores) and the registry and grants clients: each resource's rules and
// RecordService (libs/records), and the use cases over them. Owns the rules, services and use
// cases; members are declared in the order they are built.
#pragma once

#include <set>
#include <string>

#include "libs/aip/resource_names.h"
#include "libs/clients/grants_client.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_service.h"
#include "services/monitoring/app/analytics.h"
#include "services/monitoring/app/category_rules.h"
#include "services/monitoring/app/data_entry.h"
#include "services/monitoring/app/data_import.h"
#include "services/monitoring/app/data_set_rules.h"
#include "services/monitoring/app/indicator_rules.h"
#include "services/monitoring/app/org_unit_moves.h"
#include "services/monitoring/app/results.h"
#include "services/monitoring/app/submission_rules.h"
#include "services/monitoring/app/submission_stores.h"
#include "services/monitoring/app/target_rules.h"
#include "services/monitoring/app/warehouse_pull.h"

namespace civitas::monitoring {

class MonitoringRecords {
 public:
  // `by_country`: submissions in their country's keyspace (SubmissionStores). Import files are
  // read on `import_starts`; imports run in the background on `import_runners`.
  MonitoringRecords(PartitionedStores* stores, bool by_country, clients::RegistryClient* registry,
                    clients::GrantsClient* grants, const Clock* clock, IdGenerator* ids,
                    BlockingExecutor* import_starts, BlockingExecutor* import_runners,
                    DataImport::Options import_options = {})
      : data_set_rules_(grants),
        categories(stores->home(), &category_rules_, clock, ids),
        indicators(stores->home(), &indicator_rules_, clock, ids),
        data_sets(stores->home(), &data_set_rules_, clock, ids),
        submissions(stores, by_country, registry, &submission_rules_, clock, ids),
        target_rules_(registry),
        targets(stores->home(), &target_rules_, clock, ids),
        entry(registry, &submissions, clock),
        pull(&submissions),
        analytics(&submissions, registry, grants),
        results(&submissions),
        moves(registry, &submissions),
        imports(&submissions, registry, clock, ids, import_starts, import_runners, import_options) {
  }

  // The collections kept in each country's keyspace: submissions, and the import batches written
  // with them.
  static std::set<std::string> Partitioned() {
    return {aip::CollectionOf<v1::Submission>(), aip::CollectionOf<v1::ImportBatch>()};
  }
  // The home collections whose records those plans reference (a submission's data set).
  static std::set<std::string> Copied() { return {aip::CollectionOf<v1::DataSet>()}; }

 private:
  CategoryRules category_rules_;
  IndicatorRules indicator_rules_;
  DataSetRules data_set_rules_;
  SubmissionRules submission_rules_;

 public:
  records::RecordService<v1::Category> categories;
  records::RecordService<v1::Indicator> indicators;
  records::RecordService<v1::DataSet> data_sets;
  SubmissionStores submissions;

 private:
  TargetRules target_rules_;

 public:
  records::RecordService<v1::Target> targets;
  DataEntry entry;
  WarehousePull pull;
  Analytics analytics;
  Results results;
  OrgUnitMoves moves;
  DataImport imports;
};

}  // namespace civitas::monitoring
