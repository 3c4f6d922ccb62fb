// TerritoryRules: the RecordRules of the registry's territory records (libs/records).
#pragma once

#include "services/registry/app/reference_loading.h"
#include "services/registry/app/registry_record_rules.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;

class TerritoryRules final : public RegistryRules<v1::Territory> {
 public:
  explicit TerritoryRules(DocumentStore* store) : territories_(store) {}
  const aip::ResourceSpec& spec() const override { return TerritorySpec(); }
  void Validate(const v1::Territory* before, const v1::Territory& t, Violations* v) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Territory>& ctx,
                         const v1::Territory& after) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Territory>& ctx, v1::Territory* t,
                              Violations* v, std::vector<Reference>* references) override;
  absl::StatusOr<std::vector<std::string>> SubtreeValues(const v1::Territory& t) override;
  std::vector<std::string> UniqueValues(const v1::Territory& t) const override;

 private:
  TerritoryResolver territories_;
};

}  // namespace civitas::registry
