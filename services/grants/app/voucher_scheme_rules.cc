#include "services/grants/app/voucher_scheme_rules.h"

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
const aip::ResourceSpec& VoucherSchemeRules::spec() const { return VoucherSchemeSpec(); }

const records::StateModel<v1::VoucherScheme>& VoucherSchemeRules::states() const {
  return VoucherSchemeStates();
}

bool VoucherSchemeRules::CanRead(const records::RuleContext& ctx,
                                 const v1::VoucherScheme& scheme) const {
  return CanReadVoucherScheme(ctx.caller, scheme);
}

absl::Status VoucherSchemeRules::Authorize(const records::ChangeContext<v1::VoucherScheme>& ctx,
                                           const v1::VoucherScheme& after) const {
  return AuthorizeSchemeChange(ctx.caller, ctx.change, ctx.before, after);
}

void VoucherSchemeRules::Validate(const v1::VoucherScheme* before, const v1::VoucherScheme& after,
                                  Violations* v) const {
  ValidateVoucherScheme(before, after, v);
}

absl::Status VoucherSchemeRules::LoadReferences(
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

absl::Status VoucherSchemeRules::ExtendPlan(const records::ChangeContext<v1::VoucherScheme>& ctx,
                                            const v1::VoucherScheme& after, WritePlan* plan) {
  const v1::VoucherScheme* before = ctx.before;
  if (before != nullptr && before->envelope().amount_minor() != after.envelope().amount_minor()) {
    plan->counters.push_back({.name = IssuedVoucherCounter(after.name()),
                              .max = after.envelope().amount_minor(),
                              .what = IssuedVoucherWhat(after.name()),
                              .max_is = "the scheme's envelope"});
  }
  return absl::OkStatus();
}

}  // namespace civitas::grants
