// IndicatorRules: the RecordRules of indicators (libs/records): decisions from
// domain/indicators.h; the categories and a ratio's terms are read from the request's reads and
// referenced by the write. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/records/record_rules.h"

namespace civitas::monitoring {

class IndicatorRules final : public records::RecordRules<v1::Indicator> {
 public:
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Indicator>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::Indicator& indicator) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Indicator>& ctx,
                         const v1::Indicator& after) const override;
  void Validate(const v1::Indicator* before, const v1::Indicator& after,
                Violations* v) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Indicator>& ctx,
                              v1::Indicator* indicator, Violations* v,
                              std::vector<Reference>* references) override;
  // Codes are unique among indicators.
  std::vector<std::string> UniqueValues(const v1::Indicator& indicator) const override;
};

}  // namespace civitas::monitoring
