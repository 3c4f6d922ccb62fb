// The RecordRules of voucher schemes and vouchers (libs/records): decisions from
// domain/vouchers.h; loaded here are the scheme's organisations and service type from the
// registry, and a voucher's scheme from this service's store. Issuing a voucher counts its value
// against the scheme's envelope in the same write (a bounded counter), so issued value never
// exceeds the envelope whatever runs concurrently. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/grants/v1/vouchers.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

// The bounded counter of the value of a scheme's vouchers issued and not cancelled: never above
// the scheme's envelope.
std::string IssuedVoucherCounter(const std::string& scheme_name);
// The value reimbursed to providers: never above the envelope either.
std::string ReimbursedVoucherCounter(const std::string& scheme_name);
// What the issued counter adds up, as refusals name it.
std::string IssuedVoucherWhat(const std::string& scheme_name);

class VoucherSchemeRecordRules final : public records::RecordRules<v1::VoucherScheme> {
 public:
  explicit VoucherSchemeRecordRules(clients::RegistryClient* registry) : registry_(registry) {}
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

class VoucherRecordRules final : public records::RecordRules<v1::Voucher> {
 public:
  explicit VoucherRecordRules(const Clock* clock) : clock_(clock) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Voucher>& states() const override;
  // Scheme staff; the provider's people once it redeemed the voucher.
  bool CanRead(const records::RuleContext& ctx, const v1::Voucher& voucher) const override;
  // The schemes of the page's vouchers, in one round trip.
  absl::Status PrefetchForRead(const records::RuleContext& ctx,
                               absl::Span<const v1::Voucher> vouchers) const override;
  // Issued by scheme staff; changed only by its custom methods.
  absl::Status Authorize(const records::ChangeContext<v1::Voucher>& ctx,
                         const v1::Voucher& after) const override;
  void Validate(const v1::Voucher* before, const v1::Voucher& after, Violations* v) const override;
  // Issuing: the scheme must issue today (re-checked open when the write applies); the value,
  // service type, validity and commitment are filled from it. Later changes: the scheme must
  // still exist, open or closed.
  absl::Status LoadReferences(const records::ChangeContext<v1::Voucher>& ctx, v1::Voucher* voucher,
                              Violations* v, std::vector<Reference>* references) override;
  // Issuing moves the issued counter by the value, bounded by the envelope as read (the scheme
  // referenced at that version).
  absl::Status ExtendPlan(const records::ChangeContext<v1::Voucher>& ctx, const v1::Voucher& after,
                          WritePlan* plan) override;

 private:
  const Clock* const clock_;
};

}  // namespace civitas::grants
