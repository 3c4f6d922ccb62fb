// DataSetRules: the RecordRules of data sets (libs/records): decisions from domain/data_sets.h;
// the indicators it groups are read from the request's reads and referenced by the write; who
// funds its attribution is asked of the grants service when it is set.
// Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/clients/grants_client.h"
#include "libs/records/record_rules.h"

namespace civitas::monitoring {

class DataSetRules final : public records::RecordRules<v1::DataSet> {
 public:
  // `grants` says who funds an attribution.
  explicit DataSetRules(clients::GrantsClient* grants) : grants_(grants) {}

  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::DataSet>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::DataSet& data_set) const override;
  absl::Status Authorize(const records::ChangeContext<v1::DataSet>& ctx,
                         const v1::DataSet& after) const override;
  void Validate(const v1::DataSet* before, const v1::DataSet& after, Violations* v) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::DataSet>& ctx, v1::DataSet* data_set,
                              Violations* v, std::vector<Reference>* references) override;
  // Codes are unique among data sets.
  std::vector<std::string> UniqueValues(const v1::DataSet& data_set) const override;

 private:
  // Sets `attribution_funder` from the grants service when the attribution is new.
  absl::Status LoadFunder(const records::ChangeContext<v1::DataSet>& ctx, v1::DataSet* data_set,
                          Violations* v);

  clients::GrantsClient* const grants_;
};

}  // namespace civitas::monitoring
