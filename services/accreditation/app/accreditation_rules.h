// The RecordRules of the accreditation resources (libs/records): decisions come from domain/;
// loaded here are the records a resource depends on: its country's policy from this service's
// store, providers, social services, territories and service types from the registry
// (RegistryClient). Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"

namespace civitas::accreditation {

// Checks that each of `codes` is in the registry's service type catalogue (asked once per
// call); a violation under `field`, or `field[i]` when `indexed` (a repeated field), otherwise.
absl::Status CheckServiceTypes(clients::RegistryClient* registry,
                               const std::vector<std::string>& codes, const std::string& field,
                               bool indexed, Violations* v, const clients::CallContext& ctx);

class PolicyRecordRules final : public records::RecordRules<v1::CountryPolicy> {
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

class StandardRecordRules final : public records::RecordRules<v1::QualityStandard> {
 public:
  explicit StandardRecordRules(clients::RegistryClient* registry) : registry_(registry) {}
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

class CaseRecordRules final : public records::RecordRules<v1::AccreditationCase> {
 public:
  explicit CaseRecordRules(clients::RegistryClient* registry) : registry_(registry) {}
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

class CertificateRecordRules final : public records::RecordRules<v1::Certificate> {
 public:
  explicit CertificateRecordRules(clients::RegistryClient* registry) : registry_(registry) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Certificate>& states() const override;
  // The register is public.
  bool CanRead(const records::RuleContext& ctx, const v1::Certificate& certificate) const override;
  // Certificates are issued by decisions and changed by their own methods only.
  absl::Status Authorize(const records::ChangeContext<v1::Certificate>& ctx,
                         const v1::Certificate& after) const override;
  void Validate(const v1::Certificate* before, const v1::Certificate& after,
                Violations* v) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Certificate>& ctx,
                              v1::Certificate* certificate, Violations* v,
                              std::vector<Reference>* references) override;
  // Each territory with its ancestors, for the register's subtree filter.
  absl::StatusOr<std::vector<std::string>> SubtreeValues(
      const v1::Certificate& certificate) override;

 private:
  clients::RegistryClient* const registry_;
};

}  // namespace civitas::accreditation
