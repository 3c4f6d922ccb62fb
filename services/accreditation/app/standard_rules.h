// StandardRules: the RecordRules of quality standards (libs/records): decisions from domain/;
// loaded here: the country's policy and the registry's service type catalogue. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"

namespace civitas::accreditation {

class StandardRules final : public records::RecordRules<v1::QualityStandard> {
 public:
  explicit StandardRules(clients::RegistryClient* registry) : registry_(registry) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::QualityStandard>& states() const override;
  // Drafts to the body; published versions are public.
  bool CanRead(const records::RuleContext& ctx, const v1::QualityStandard& standard) const override;
  // The body; a published version is frozen (FAILED_PRECONDITION).
  absl::Status Authorize(const records::ChangeContext<v1::QualityStandard>& ctx,
                         const v1::QualityStandard& after) const override;
  void Validate(const v1::QualityStandard* before, const v1::QualityStandard& after,
                Violations* v) const override;
  // The country's policy exists; the service type is in the registry's catalogue.
  absl::Status LoadReferences(const records::ChangeContext<v1::QualityStandard>& ctx,
                              v1::QualityStandard* standard, Violations* v,
                              std::vector<Reference>* references) override;
  // One record per country, service type and version.
  std::vector<std::string> UniqueValues(const v1::QualityStandard& standard) const override;

 private:
  clients::RegistryClient* const registry_;
};

}  // namespace civitas::accreditation
