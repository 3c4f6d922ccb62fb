#include "services/grants/app/voucher_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/grants/domain/resource_spec.h"
#include "services/grants/domain/vouchers.h"

namespace civitas::grants {
namespace {

using records::Change;

absl::StatusOr<std::optional<records::StoredRecord<v1::VoucherScheme>>> ReadScheme(
    DocumentStore* store, const std::string& name) {
  return records::ReadNamed<v1::VoucherScheme>(store, name);
}

}  // namespace

std::string IssuedVoucherCounter(const std::string& scheme_name) {
  return absl::StrCat(scheme_name, "/issued");
}

std::string ReimbursedVoucherCounter(const std::string& scheme_name) {
  return absl::StrCat(scheme_name, "/reimbursed");
}

std::string IssuedVoucherWhat(const std::string& scheme_name) {
  return absl::StrCat("value of the vouchers issued under ", scheme_name, " (not cancelled)");
}

// --- Voucher schemes ---

const aip::ResourceSpec& VoucherSchemeRecordRules::spec() const { return VoucherSchemeSpec(); }

const records::StateModel<v1::VoucherScheme>& VoucherSchemeRecordRules::states() const {
  static const records::StateModel<v1::VoucherScheme> kStates{
      v1::VOUCHER_SCHEME_DRAFT, {v1::VOUCHER_SCHEME_DRAFT}, v1::VOUCHER_SCHEME_ARCHIVED};
  return kStates;
}

bool VoucherSchemeRecordRules::CanRead(const records::RuleContext& ctx,
                                       const v1::VoucherScheme& scheme) const {
  return CanReadVoucherScheme(ctx.caller, scheme);
}

absl::Status VoucherSchemeRecordRules::Authorize(
    const records::ChangeContext<v1::VoucherScheme>& ctx, const v1::VoucherScheme& after) const {
  const v1::VoucherScheme* before = ctx.before;
  const Change change = ctx.change;
  // A creator must act for the scheme's own administrator or funder; a change, for the parties
  // it had.
  const v1::VoucherScheme& parties_of = before != nullptr ? *before : after;
  const char* what = change == Change::kCreate   ? "creating a voucher scheme"
                     : change == Change::kUpdate ? "changing a voucher scheme"
                                                 : "archiving a voucher scheme";
  RETURN_IF_ERROR(AuthorizeSchemeStaff(ctx.caller, PartiesOf(parties_of), what));
  if (change == Change::kArchive && before != nullptr &&
      before->state() != v1::VOUCHER_SCHEME_DRAFT) {
    return absl::FailedPreconditionError(
        absl::StrCat(before->name(), " is ", v1::VoucherSchemeState_Name(before->state()),
                     "; only a draft scheme is archived (close an open one)"));
  }
  return absl::OkStatus();
}

void VoucherSchemeRecordRules::Validate(const v1::VoucherScheme* before,
                                        const v1::VoucherScheme& after, Violations* v) const {
  ValidateVoucherScheme(before, after, v);
}

absl::Status VoucherSchemeRecordRules::LoadReferences(
    const records::ChangeContext<v1::VoucherScheme>& ctx, v1::VoucherScheme* scheme, Violations* v,
    std::vector<Reference>* references) {
  RETURN_IF_ERROR(clients::CheckOrganizationRegistered(
      registry_, scheme->administrator(), "voucher_scheme.administrator", v, ctx.call));
  RETURN_IF_ERROR(clients::CheckOrganizationRegistered(registry_, scheme->funder(),
                                                       "voucher_scheme.funder", v, ctx.call));
  if (scheme->service_type().empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<registry::v1::ServiceType> catalogue,
                   registry_->ListServiceTypes(ctx.call));
  if (std::none_of(catalogue.begin(), catalogue.end(),
                   [&](const auto& t) { return t.code() == scheme->service_type(); })) {
    v->Add("voucher_scheme.service_type",
           absl::StrCat(scheme->service_type(),
                        " is not in the registry's service type catalogue (GET /v1/serviceTypes)"));
  }
  return absl::OkStatus();
}

absl::Status VoucherSchemeRecordRules::ExtendPlan(
    const records::ChangeContext<v1::VoucherScheme>& ctx, const v1::VoucherScheme& after,
    WritePlan* plan) {
  const v1::VoucherScheme* before = ctx.before;
  if (before != nullptr && before->envelope().amount_minor() != after.envelope().amount_minor()) {
    plan->counters.push_back({.name = IssuedVoucherCounter(after.name()),
                              .max = after.envelope().amount_minor(),
                              .what = IssuedVoucherWhat(after.name()),
                              .max_is = "the scheme's envelope"});
  }
  return absl::OkStatus();
}

// --- Vouchers ---

const aip::ResourceSpec& VoucherRecordRules::spec() const { return VoucherSpec(); }

const records::StateModel<v1::Voucher>& VoucherRecordRules::states() const {
  static const records::StateModel<v1::Voucher> kStates{
      v1::VOUCHER_ISSUED, {v1::VOUCHER_ISSUED}, std::nullopt};
  return kStates;
}

bool VoucherRecordRules::CanRead(const records::RuleContext& ctx,
                                 const v1::Voucher& voucher) const {
  const Principal& p = ctx.caller;
  if (p.anonymous()) return false;
  // Who may read it without the scheme's parties: no store read for admins and the provider.
  if (CanReadVoucher(p, voucher, SchemeParties{})) return true;
  auto scheme = ReadScheme(ctx.reads, voucher.scheme());
  // A scheme that cannot be read leaves its vouchers to the one they name: its provider.
  const SchemeParties parties =
      scheme.ok() && scheme->has_value() ? PartiesOf((*scheme)->record) : SchemeParties{};
  return CanReadVoucher(p, voucher, parties);
}

absl::Status VoucherRecordRules::PrefetchForRead(const records::RuleContext& ctx,
                                                 absl::Span<const v1::Voucher> vouchers) const {
  std::vector<std::string> schemes;
  for (const v1::Voucher& voucher : vouchers) {
    if (CanReadVoucher(ctx.caller, voucher, SchemeParties{})) continue;
    if (std::string id = aip::IdOf(voucher.scheme(), VoucherSchemeSpec().collection);
        !id.empty() && std::find(schemes.begin(), schemes.end(), id) == schemes.end()) {
      schemes.push_back(std::move(id));
    }
  }
  if (schemes.empty()) return absl::OkStatus();
  return ctx.reads->GetMany(VoucherSchemeSpec().collection, schemes).status();
}

absl::Status VoucherRecordRules::Authorize(const records::ChangeContext<v1::Voucher>& ctx,
                                           const v1::Voucher& after) const {
  if (ctx.change != Change::kCreate) {
    return absl::PermissionDeniedError("a voucher changes only by :redeem, :reimburse and :cancel");
  }
  ASSIGN_OR_RETURN(auto scheme, ReadScheme(ctx.reads, after.scheme()));
  // A missing scheme was named by LoadReferences already.
  if (!scheme.has_value()) return absl::OkStatus();
  return AuthorizeSchemeStaff(ctx.caller, PartiesOf(scheme->record), "issuing vouchers");
}

void VoucherRecordRules::Validate(const v1::Voucher* before, const v1::Voucher& after,
                                  Violations* v) const {
  ValidateVoucher(after, v);
}

absl::Status VoucherRecordRules::LoadReferences(const records::ChangeContext<v1::Voucher>& ctx,
                                                v1::Voucher* voucher, Violations* v,
                                                std::vector<Reference>* references) {
  if (!aip::IsNameOf<v1::VoucherScheme>(voucher->scheme())) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto scheme, ReadScheme(ctx.reads, voucher->scheme()));
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

absl::Status VoucherRecordRules::ExtendPlan(const records::ChangeContext<v1::Voucher>& ctx,
                                            const v1::Voucher& after, WritePlan* plan) {
  if (ctx.change != Change::kCreate) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto scheme, ReadScheme(ctx.reads, after.scheme()));
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
