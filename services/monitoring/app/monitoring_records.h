// MonitoringRecords: the monitoring resources wired to one DocumentStore and the registry and
// grants clients: each resource's rules and RecordService (libs/records), and the use cases over
// them. Owns the rules, services and use cases; members are declared in the order they are built.
#pragma once

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
#include "services/monitoring/app/target_rules.h"
#include "services/monitoring/app/warehouse_pull.h"

namespace civitas::monitoring {

class MonitoringRecords {
 public:
  // Import files are read on `import_starts`; imports run in the background on `import_runners`.
  MonitoringRecords(DocumentStore* store, clients::RegistryClient* registry,
                    clients::GrantsClient* grants, const Clock* clock, IdGenerator* ids,
                    BlockingExecutor* import_starts, BlockingExecutor* import_runners,
                    DataImport::Options import_options = {})
      : data_set_rules_(grants),
        categories(store, &category_rules_, clock, ids),
        indicators(store, &indicator_rules_, clock, ids),
        data_sets(store, &data_set_rules_, clock, ids),
        submissions(store, &submission_rules_, clock, ids),
        target_rules_(registry),
        targets(store, &target_rules_, clock, ids),
        entry(store, registry, &submissions, clock),
        pull(store),
        analytics(store, registry, grants),
        results(store),
        moves(store, registry, &submissions),
        imports(store, registry, &submissions, clock, ids, import_starts, import_runners,
                import_options) {}

 private:
  CategoryRules category_rules_;
  IndicatorRules indicator_rules_;
  DataSetRules data_set_rules_;
  SubmissionRules submission_rules_;

 public:
  records::RecordService<v1::Category> categories;
  records::RecordService<v1::Indicator> indicators;
  records::RecordService<v1::DataSet> data_sets;
  records::RecordService<v1::Submission> submissions;

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
