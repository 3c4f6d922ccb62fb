// OrganizationRules: the RecordRules of the registry's organization records (libs/records).
#pragma once

#include "services/registry/app/reference_loading.h"
#include "services/registry/app/registry_record_rules.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;

class OrganizationRules final : public RegistryRules<v1::Organization> {
 public:
  explicit OrganizationRules(DocumentStore* store) : territories_(store) {}
  const aip::ResourceSpec& spec() const override { return OrganizationSpec(); }
  void Validate(const v1::Organization* before, const v1::Organization& o,
                Violations* v) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Organization>& ctx,
                         const v1::Organization& after) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Organization>& ctx,
                              v1::Organization* o, Violations* v,
                              std::vector<Reference>* references) override;
  absl::StatusOr<std::vector<std::string>> SubtreeValues(const v1::Organization& o) override;
  std::vector<std::string> UniqueValues(const v1::Organization& o) const override;

 private:
  TerritoryResolver territories_;
};

}  // namespace civitas::registry
