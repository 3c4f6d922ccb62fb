#include "services/monitoring/app/target_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/monitoring/app/org_unit_path.h"
#include "services/monitoring/domain/resource_spec.h"
#include "services/monitoring/domain/state_models.h"
#include "services/monitoring/domain/targets.h"

namespace civitas::monitoring {

const aip::ResourceSpec& TargetRules::spec() const { return TargetSpec(); }

const records::StateModel<v1::Target>& TargetRules::states() const { return TargetStates(); }

bool TargetRules::CanRead(const records::RuleContext& ctx, const v1::Target& target) const {
  return CanReadTarget(ctx.caller, target);
}

absl::Status TargetRules::Authorize(const records::ChangeContext<v1::Target>& ctx,
                                    const v1::Target& after) const {
  return AuthorizeTargetChange(ctx.caller, after);
}

void TargetRules::Validate(const v1::Target* before, const v1::Target& after, Violations* v) const {
  ValidateTarget(after, v);
  if (before != nullptr) ValidateTargetChange(*before, after, v);
}

absl::Status TargetRules::LoadReferences(const records::ChangeContext<v1::Target>& ctx,
                                         v1::Target* target, Violations* v,
                                         std::vector<Reference>* references) {
  if (ctx.change == records::Change::kArchive) return absl::OkStatus();
  CanonicalizeTargetPeriods(target);
  if (!aip::IsNameOf<v1::Indicator>(target->indicator())) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto indicator,
                   records::ReadNamed<v1::Indicator>(ctx.reads, target->indicator()));
  if (!indicator.has_value() || indicator->record.state() != v1::INDICATOR_ACTIVE) {
    v->Add("target.indicator", absl::StrCat(target->indicator(), " does not exist or is archived"));
    return absl::OkStatus();
  }
  CanonicalizeTargetValues(indicator->record, target, v);
  if (ctx.change == records::Change::kCreate && !target->attribution().empty()) {
    ASSIGN_OR_RETURN(std::vector<v1::DataSet> reporting,
                     records::ScanAll<v1::DataSet>(
                         ctx.reads, {absl::StrCat("attribution=", target->attribution())}));
    CheckTargetAttribution(ctx.caller, *target, reporting, v);
  }
  references->push_back(records::RefTo<v1::Indicator>(aip::IdIn<v1::Indicator>(target->indicator()),
                                                      {v1::INDICATOR_ACTIVE}));
  // Where the org unit lies, once: who may set and read the target (no registry call for an
  // anonymous caller, whom Authorize refuses).
  if (ctx.change == records::Change::kCreate && !ctx.caller.anonymous() && v->empty()) {
    absl::StatusOr<std::vector<std::string>> path =
        OrgUnitPath(registry_, target->org_unit(), ctx.call);
    if (path.status().code() == absl::StatusCode::kInvalidArgument) {
      v->Add("target.org_unit", absl::StrCat(target->org_unit(), " is not in the registry"));
      return absl::OkStatus();
    }
    if (!path.ok()) return path.status();
    target->clear_org_unit_path();
    for (std::string& t : *path) target->add_org_unit_path(std::move(t));
  }
  return absl::OkStatus();
}

std::vector<std::string> TargetRules::UniqueValues(const v1::Target& target) const {
  // A withdrawn target gives its key up: a new one may be set for the same period.
  if (target.state() == v1::TARGET_ARCHIVED) return {};
  return {TargetUniqueValue(target)};
}

absl::Status TargetRules::ExtendPlan(const records::ChangeContext<v1::Target>& ctx,
                                     const v1::Target& after, WritePlan* plan) {
  ASSIGN_OR_RETURN(auto indicator, records::ReadNamed<v1::Indicator>(ctx.reads, after.indicator()));
  if (!indicator.has_value()) return absl::OkStatus();  // LoadReferences refused it
  const bool counted_before = ctx.before != nullptr && ctx.before->state() == v1::TARGET_ACTIVE;
  const bool counted_after = after.state() != v1::TARGET_ARCHIVED;
  for (TotalChange& t : TargetTotals(counted_before ? ctx.before : nullptr,
                                     counted_after ? &after : nullptr, indicator->record)) {
    plan->totals.push_back(std::move(t));
  }
  return absl::OkStatus();
}

}  // namespace civitas::monitoring
