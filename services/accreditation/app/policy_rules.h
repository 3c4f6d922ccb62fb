// PolicyRules: the RecordRules of country accreditation policies (libs/records): decisions from
// domain/standards.h. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"

namespace civitas::accreditation {

class PolicyRules final : public records::RecordRules<v1::CountryPolicy> {
 public:
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::CountryPolicy>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::CountryPolicy& policy) const override;
  absl::Status Authorize(const records::ChangeContext<v1::CountryPolicy>& ctx,
                         const v1::CountryPolicy& after) const override;
  // The id is the country code.
  void Validate(const v1::CountryPolicy* before, const v1::CountryPolicy& after,
                Violations* v) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::CountryPolicy>& ctx,
                              v1::CountryPolicy* policy, Violations* v,
                              std::vector<Reference>* references) override;
};

}  // namespace civitas::accreditation
