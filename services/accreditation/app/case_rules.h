// CaseRules: the RecordRules of accreditation cases (libs/records): decisions from domain/;
// loaded here: the country's policy, the provider, its social services and the service types from
// the registry, a renewed certificate from this store. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"

namespace civitas::accreditation {

class CaseRules final : public records::RecordRules<v1::AccreditationCase> {
 public:
  explicit CaseRules(clients::RegistryClient* registry) : registry_(registry) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::AccreditationCase>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::AccreditationCase& c) const override;
  absl::Status Authorize(const records::ChangeContext<v1::AccreditationCase>& ctx,
                         const v1::AccreditationCase& after) const override;
  void Validate(const v1::AccreditationCase* before, const v1::AccreditationCase& after,
                Violations* v) const override;
  // Every edit goes into the case's history (who, when, which fields), clearing verdicts on
  // evidence that changed (RecordCaseEdit).
  void OnUpdate(const records::ChangeContext<v1::AccreditationCase>& ctx,
                v1::AccreditationCase* after, absl::Time now) override;
  // The provider is in the registry; each social service is the provider's and of one of the
  // case's service types; the service types are in the catalogue; the country has a policy; a
  // renewed certificate is the provider's.
  absl::Status LoadReferences(const records::ChangeContext<v1::AccreditationCase>& ctx,
                              v1::AccreditationCase* c, Violations* v,
                              std::vector<Reference>* references) override;

 private:
  clients::RegistryClient* const registry_;
};

}  // namespace civitas::accreditation
