// PartnershipRules: the RecordRules of the registry's partnership records (libs/records).
#pragma once

#include "services/registry/app/reference_loading.h"
#include "services/registry/app/registry_record_rules.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;

// A service contract for a social service requires its provider to be accredited for the
// service's type on the contract's start date, by the registry's copy of the accreditation
// service's certificates (certificate_copies.h; a refusal names the certificate's state).
class PartnershipRules final : public RegistryRules<v1::Partnership> {
 public:
  PartnershipRules() = default;
  const aip::ResourceSpec& spec() const override { return PartnershipSpec(); }
  void Validate(const v1::Partnership* before, const v1::Partnership& p,
                Violations* v) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Partnership>& ctx,
                         const v1::Partnership& after) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Partnership>& ctx,
                              v1::Partnership* p, Violations* v,
                              std::vector<Reference>* references) override;
};

}  // namespace civitas::registry
