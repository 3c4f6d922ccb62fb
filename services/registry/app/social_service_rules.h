// SocialServiceRules: the RecordRules of the registry's social service records (libs/records).
#pragma once

#include "services/registry/app/reference_loading.h"
#include "services/registry/app/registry_record_rules.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;

class SocialServiceRules final : public RegistryRules<v1::SocialService> {
 public:
  explicit SocialServiceRules(DocumentStore* store) : territories_(store) {}
  const aip::ResourceSpec& spec() const override { return SocialServiceSpec(); }
  void Validate(const v1::SocialService* before, const v1::SocialService& s,
                Violations* v) const override;
  absl::Status Authorize(const records::ChangeContext<v1::SocialService>& ctx,
                         const v1::SocialService& after) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::SocialService>& ctx,
                              v1::SocialService* s, Violations* v,
                              std::vector<Reference>* references) override;
  absl::StatusOr<std::vector<std::string>> SubtreeValues(const v1::SocialService& s) override;

 private:
  TerritoryResolver territories_;
};

}  // namespace civitas::registry
