// CertificateRules: the RecordRules of accreditation certificates (libs/records): made only by a
// case's decision; indexed under the territories of their services. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"

namespace civitas::accreditation {

class CertificateRules final : public records::RecordRules<v1::Certificate> {
 public:
  explicit CertificateRules(clients::RegistryClient* registry) : registry_(registry) {}
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
