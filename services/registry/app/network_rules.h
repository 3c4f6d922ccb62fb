// NetworkRules: the RecordRules of the registry's network records (libs/records).
#pragma once

#include "services/registry/app/reference_loading.h"
#include "services/registry/app/registry_record_rules.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;

class NetworkRules final : public RegistryRules<v1::Network> {
 public:
  explicit NetworkRules(DocumentStore* store) : territories_(store) {}
  const aip::ResourceSpec& spec() const override { return NetworkSpec(); }
  void Validate(const v1::Network* before, const v1::Network& n, Violations* v) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Network>& ctx,
                         const v1::Network& after) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Network>& ctx, v1::Network* n,
                              Violations* v, std::vector<Reference>* references) override;

 private:
  TerritoryResolver territories_;
};

}  // namespace civitas::registry
