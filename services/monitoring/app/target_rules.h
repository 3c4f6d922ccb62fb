// TargetRules: the RecordRules of targets (libs/records): decisions from domain/targets.h; the
// indicator is read from the request's reads and referenced by the write, the org unit's place
// asked of the registry once, when the target is set; the totals fields that carry the target to
// analytics move in the same write. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"

namespace civitas::monitoring {

class TargetRules final : public records::RecordRules<v1::Target> {
 public:
  explicit TargetRules(clients::RegistryClient* registry) : registry_(registry) {}

  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Target>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::Target& target) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Target>& ctx,
                         const v1::Target& after) const override;
  void Validate(const v1::Target* before, const v1::Target& after, Violations* v) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Target>& ctx, v1::Target* target,
                              Violations* v, std::vector<Reference>* references) override;
  std::vector<std::string> UniqueValues(const v1::Target& target) const override;
  absl::Status ExtendPlan(const records::ChangeContext<v1::Target>& ctx, const v1::Target& after,
                          WritePlan* plan) override;

 private:
  clients::RegistryClient* const registry_;
};

}  // namespace civitas::monitoring
