// CategoryRules: the RecordRules of disaggregation categories (libs/records): decisions from
// domain/categories.h and domain/access_policy.h. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/records/record_rules.h"

namespace civitas::monitoring {

class CategoryRules final : public records::RecordRules<v1::Category> {
 public:
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Category>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::Category& category) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Category>& ctx,
                         const v1::Category& after) const override;
  void Validate(const v1::Category* before, const v1::Category& after,
                Violations* v) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Category>& ctx,
                              v1::Category* category, Violations* v,
                              std::vector<Reference>* references) override;
  // Codes are unique among categories.
  std::vector<std::string> UniqueValues(const v1::Category& category) const override;
};

}  // namespace civitas::monitoring
