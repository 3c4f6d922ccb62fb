// ProgrammeRules: the RecordRules of programmes (libs/records). Decisions come from domain/;
// loaded here: the funder and lead organisation from the registry, a parent grant from this store.
#pragma once

#include "absl/status/status.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"

namespace civitas::grants {

class ProgrammeRules final : public records::RecordRules<v1::Programme> {
 public:
  explicit ProgrammeRules(clients::RegistryClient* registry) : registry_(registry) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Programme>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::Programme& programme) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Programme>& ctx,
                         const v1::Programme& after) const override;
  void Validate(const v1::Programme* before, const v1::Programme& after,
                Violations* v) const override;
  // The funder and lead organisation must be in the registry; a parent grant in this store.
  absl::Status LoadReferences(const records::ChangeContext<v1::Programme>& ctx,
                              v1::Programme* programme, Violations* v,
                              std::vector<Reference>* references) override;
  // A changed envelope must still hold what the calls were given: a zero move of the allocated
  // counter bounded by the new envelope, in the same write.
  absl::Status ExtendPlan(const records::ChangeContext<v1::Programme>& ctx,
                          const v1::Programme& after, WritePlan* plan) override;

 private:
  clients::RegistryClient* const registry_;
};

}  // namespace civitas::grants
