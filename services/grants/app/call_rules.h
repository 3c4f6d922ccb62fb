// CallRules: the RecordRules of calls (libs/records). Decisions come from domain/; loaded here:
// the programme a call is made from (its parties, state, currency and envelope).
#pragma once

#include "absl/status/status.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/records/record_rules.h"

namespace civitas::grants {

// A draft call is its programme staff's; any other state is public (the programme is read for its
// parties only for a draft).
bool CallReadableBy(const records::RuleContext& ctx, const v1::Call& call);

class CallRules final : public records::RecordRules<v1::Call> {
 public:
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Call>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::Call& call) const override;
  // The programmes of the page's draft calls, in one round trip.
  absl::Status PrefetchForRead(const records::RuleContext& ctx,
                               absl::Span<const v1::Call> calls) const override;
  // Programme staff only; the programme is read for its parties.
  absl::Status Authorize(const records::ChangeContext<v1::Call>& ctx,
                         const v1::Call& after) const override;
  void Validate(const v1::Call* before, const v1::Call& after, Violations* v) const override;
  // The programme must exist, not be closed or archived, and share the call's currency; the
  // call's defaults (EU practice) are filled in.
  absl::Status LoadReferences(const records::ChangeContext<v1::Call>& ctx, v1::Call* call,
                              Violations* v, std::vector<Reference>* references) override;
  // The call's envelope moves the programme's allocated counter (bounded by the programme's
  // envelope as read, the programme referenced at that version); archiving gives it back.
  absl::Status ExtendPlan(const records::ChangeContext<v1::Call>& ctx, const v1::Call& after,
                          WritePlan* plan) override;
};

}  // namespace civitas::grants
