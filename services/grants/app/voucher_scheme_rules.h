// VoucherSchemeRules: the RecordRules of voucher schemes (libs/records): decisions from
// domain/vouchers.h; loaded here are the scheme's organisations and service type from the
// registry. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/grants/v1/vouchers.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

class VoucherSchemeRules final : public records::RecordRules<v1::VoucherScheme> {
 public:
  explicit VoucherSchemeRules(clients::RegistryClient* registry) : registry_(registry) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::VoucherScheme>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::VoucherScheme& scheme) const override;
  // Scheme staff; only a draft is archived.
  absl::Status Authorize(const records::ChangeContext<v1::VoucherScheme>& ctx,
                         const v1::VoucherScheme& after) const override;
  void Validate(const v1::VoucherScheme* before, const v1::VoucherScheme& after,
                Violations* v) const override;
  // The administrator and funder must be in the registry, the service type in its catalogue.
  absl::Status LoadReferences(const records::ChangeContext<v1::VoucherScheme>& ctx,
                              v1::VoucherScheme* scheme, Violations* v,
                              std::vector<Reference>* references) override;
  // A changed envelope must still hold the vouchers issued: a zero move of the issued counter
  // bounded by the new envelope, in the same write.
  absl::Status ExtendPlan(const records::ChangeContext<v1::VoucherScheme>& ctx,
                          const v1::VoucherScheme& after, WritePlan* plan) override;

 private:
  clients::RegistryClient* const registry_;
};

}  // namespace civitas::grants
