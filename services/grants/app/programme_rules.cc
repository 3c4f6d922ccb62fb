#include "services/grants/app/programme_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/grants/app/grants_counters.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/access_policy.h"
#include "services/grants/domain/programmes.h"
#include "services/grants/domain/resource_spec.h"
#include "services/grants/domain/state_models.h"

namespace civitas::grants {
namespace {

using clients::CheckOrganizationRegistered;

}  // namespace

const aip::ResourceSpec& ProgrammeRules::spec() const { return ProgrammeSpec(); }

const records::StateModel<v1::Programme>& ProgrammeRules::states() const {
  return ProgrammeStates();
}

bool ProgrammeRules::CanRead(const records::RuleContext& ctx,
                             const v1::Programme& programme) const {
  return CanReadProgramme(ctx.caller, programme);
}

absl::Status ProgrammeRules::Authorize(const records::ChangeContext<v1::Programme>& ctx,
                                       const v1::Programme& after) const {
  // A creator must act for the programme's own funder or lead; a change, for the parties it had.
  return AuthorizeProgrammeChange(ctx.caller, ctx.change,
                                  ctx.before != nullptr ? *ctx.before : after);
}

void ProgrammeRules::Validate(const v1::Programme* before, const v1::Programme& after,
                              Violations* v) const {
  ValidateProgramme(after, v);
  if (before != nullptr) ValidateProgrammeChange(*before, after, v);
}

absl::Status ProgrammeRules::LoadReferences(const records::ChangeContext<v1::Programme>& ctx,
                                            v1::Programme* programme, Violations* v,
                                            std::vector<Reference>* references) {
  RETURN_IF_ERROR(
      CheckOrganizationRegistered(registry_, programme->funder(), "programme.funder", v, ctx.call));
  RETURN_IF_ERROR(CheckOrganizationRegistered(registry_, programme->lead_organization(),
                                              "programme.lead_organization", v, ctx.call));
  if (const std::string grant = aip::IdIn<v1::Grant>(programme->parent_grant()); !grant.empty()) {
    ASSIGN_OR_RETURN(auto parent, records::ReadRecord<v1::Grant>(ctx.reads, grant));
    if (!parent.has_value()) {
      v->Add("programme.parent_grant", absl::StrCat(programme->parent_grant(), " does not exist"));
    } else {
      CheckParentGrant(*programme, parent->record, v);
      references->push_back(records::RefTo<v1::Grant>(grant, {v1::GRANT_ACTIVE}));
    }
  }
  return absl::OkStatus();
}

absl::Status ProgrammeRules::ExtendPlan(const records::ChangeContext<v1::Programme>& ctx,
                                        const v1::Programme& after, WritePlan* plan) {
  const v1::Programme* before = ctx.before;
  if (before != nullptr && before->envelope().amount_minor() != after.envelope().amount_minor()) {
    plan->counters.push_back({.name = AllocatedCounter(after.name()),
                              .max = after.envelope().amount_minor(),
                              .what = AllocatedWhat(after.name()),
                              .max_is = "the programme's envelope"});
  }
  const int64_t delta = EnvelopeHeldFromParentGrant(&after) - EnvelopeHeldFromParentGrant(before);
  if (!after.parent_grant().empty() && delta != 0) {
    ASSIGN_OR_RETURN(auto parent, records::ReadRecord<v1::Grant>(
                                      ctx.reads, aip::IdIn<v1::Grant>(after.parent_grant())));
    if (!parent.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(after.parent_grant(), " does not exist"));
    }
    plan->counters.push_back(
        {.name = SubProgrammesCounter(after.parent_grant()),
         .delta = delta,
         .max = parent->record.amount().amount_minor(),
         .what = absl::StrCat("envelopes of the programmes funded by ", after.parent_grant()),
         .max_is = "the grant's amount"});
  }
  return absl::OkStatus();
}

}  // namespace civitas::grants
