// VoucherRules: the RecordRules of vouchers (libs/records): decisions from domain/vouchers.h;
// loaded here is a voucher's scheme. Issuing a voucher counts its value against the scheme's
// envelope in the same write (a bounded counter), so issued value never exceeds the envelope
// whatever runs concurrently. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/grants/v1/vouchers.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

class VoucherRules final : public records::RecordRules<v1::Voucher> {
 public:
  explicit VoucherRules(const Clock* clock) : clock_(clock) {}
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
