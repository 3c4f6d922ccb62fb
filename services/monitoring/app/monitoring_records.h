// MonitoringRecords: the monitoring resources wired to one DocumentStore: each resource's rules
// and RecordService (libs/records). Owns the rules and services; members are declared in the
// order they are built.
#pragma once

#include "libs/records/record_service.h"
#include "services/monitoring/app/category_rules.h"
#include "services/monitoring/app/data_set_rules.h"
#include "services/monitoring/app/indicator_rules.h"

namespace civitas::monitoring {

class MonitoringRecords {
 public:
  MonitoringRecords(DocumentStore* store, const Clock* clock, IdGenerator* ids)
      : categories(store, &category_rules_, clock, ids),
        indicators(store, &indicator_rules_, clock, ids),
        data_sets(store, &data_set_rules_, clock, ids) {}

 private:
  CategoryRules category_rules_;
  IndicatorRules indicator_rules_;
  DataSetRules data_set_rules_;

 public:
  records::RecordService<v1::Category> categories;
  records::RecordService<v1::Indicator> indicators;
  records::RecordService<v1::DataSet> data_sets;
};

}  // namespace civitas::monitoring
