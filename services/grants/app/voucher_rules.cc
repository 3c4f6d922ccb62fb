#include "services/grants/app/voucher_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/grants/app/grants_counters.h"
#include "services/grants/domain/resource_spec.h"
#include "services/grants/domain/state_models.h"
#include "services/grants/domain/vouchers.h"

namespace civitas::grants {
namespace {

using records::Change;

}  // namespace

const aip::ResourceSpec& VoucherRules::spec() const { return VoucherSpec(); }

const records::StateModel<v1::Voucher>& VoucherRules::states() const { return VoucherStates(); }

bool VoucherRules::CanRead(const records::RuleContext& ctx, const v1::Voucher& voucher) const {
  const Principal& p = ctx.caller;
  if (p.anonymous()) return false;
  // Who may read it without the scheme's parties: no store read for admins and the provider.
  if (CanReadVoucher(p, voucher, SchemeParties{})) return true;
  auto scheme = records::ReadNamed<v1::VoucherScheme>(ctx.reads, voucher.scheme());
  // A scheme that cannot be read leaves its vouchers to the one they name: its provider.
  const SchemeParties parties =
      scheme.ok() && scheme->has_value() ? PartiesOf((*scheme)->record) : SchemeParties{};
  return CanReadVoucher(p, voucher, parties);
}

absl::Status VoucherRules::PrefetchForRead(const records::RuleContext& ctx,
                                           absl::Span<const v1::Voucher> vouchers) const {
  std::vector<std::string> schemes;
  for (const v1::Voucher& voucher : vouchers) {
    if (CanReadVoucher(ctx.caller, voucher, SchemeParties{})) continue;
    schemes.push_back(voucher.scheme());
  }
  return records::PrefetchNamed<v1::VoucherScheme>(ctx.reads, schemes);
}

absl::Status VoucherRules::Authorize(const records::ChangeContext<v1::Voucher>& ctx,
                                     const v1::Voucher& after) const {
  // Anything but a create is refused before anything is read.
  if (ctx.change != Change::kCreate) return AuthorizeVoucherChange(ctx.caller, ctx.change, {});
  ASSIGN_OR_RETURN(auto scheme, records::ReadNamed<v1::VoucherScheme>(ctx.reads, after.scheme()));
  // A missing scheme was named by LoadReferences already.
  if (!scheme.has_value()) return AuthorizeVoucherChange(ctx.caller, ctx.change, nullptr);
  const SchemeParties parties = PartiesOf(scheme->record);
  return AuthorizeVoucherChange(ctx.caller, ctx.change, &parties);
}

void VoucherRules::Validate(const v1::Voucher* before, const v1::Voucher& after,
                            Violations* v) const {
  ValidateVoucher(after, v);
}

absl::Status VoucherRules::LoadReferences(const records::ChangeContext<v1::Voucher>& ctx,
                                          v1::Voucher* voucher, Violations* v,
                                          std::vector<Reference>* references) {
  if (!aip::IsNameOf<v1::VoucherScheme>(voucher->scheme())) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto scheme,
                   records::ReadNamed<v1::VoucherScheme>(ctx.reads, voucher->scheme()));
  // A scheme the caller may not read (another administrator's draft) is answered as a missing one.
  if (!scheme.has_value() || !CanReadVoucherScheme(ctx.caller, scheme->record)) {
    v->Add("voucher.scheme", absl::StrCat(voucher->scheme(), " does not exist"));
    return absl::OkStatus();
  }
  const std::string id = aip::IdIn<v1::VoucherScheme>(voucher->scheme());
  // Once issued, the scheme must only still be there.
  if (ctx.change != Change::kCreate) {
    references->push_back(records::RefTo<v1::VoucherScheme>(
        id, {v1::VOUCHER_SCHEME_OPEN, v1::VOUCHER_SCHEME_CLOSED}));
    return absl::OkStatus();
  }
  const std::string today = DateOf(clock_->Now());
  if (absl::Status issuing = CheckIssuing(scheme->record, today); !issuing.ok()) {
    v->AddPrecondition("voucher.scheme", std::string(issuing.message()));
    return absl::OkStatus();
  }
  FillIssuedVoucher(scheme->record, today, clock_->Now(), voucher);
  references->push_back(records::RefTo<v1::VoucherScheme>(id, {v1::VOUCHER_SCHEME_OPEN}));
  return absl::OkStatus();
}

absl::Status VoucherRules::ExtendPlan(const records::ChangeContext<v1::Voucher>& ctx,
                                      const v1::Voucher& after, WritePlan* plan) {
  if (ctx.change != Change::kCreate) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto scheme, records::ReadNamed<v1::VoucherScheme>(ctx.reads, after.scheme()));
  if (!scheme.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(after.scheme(), " does not exist"));
  }
  plan->counters.push_back({.name = IssuedVoucherCounter(after.scheme()),
                            .delta = after.value().amount_minor(),
                            .max = scheme->record.envelope().amount_minor(),
                            .what = IssuedVoucherWhat(after.scheme()),
                            .max_is = "the scheme's envelope"});
  // The bound is the envelope as read: the plan applies only if the scheme is unchanged.
  for (Reference& r : plan->references) {
    if (records::RefersTo<v1::VoucherScheme>(r)) r.version = scheme->version;
  }
  return absl::OkStatus();
}

}  // namespace civitas::grants
