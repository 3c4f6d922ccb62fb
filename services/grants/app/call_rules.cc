#include "services/grants/app/call_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/grants/app/grants_counters.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/access_policy.h"
#include "services/grants/domain/calls.h"
#include "services/grants/domain/resource_spec.h"
#include "services/grants/domain/state_models.h"

namespace civitas::grants {
bool CallReadableBy(const records::RuleContext& ctx, const v1::Call& call) {
  // Nothing is read when the programme does not matter.
  if (!CallAccessNeedsProgramme(call)) return CanReadCall(ctx.caller, call, {});
  auto parties = PartiesOfProgramme(ctx.reads, call.programme());
  return parties.ok() && CanReadCall(ctx.caller, call, *parties);
}

const aip::ResourceSpec& CallRules::spec() const { return CallSpec(); }

const records::StateModel<v1::Call>& CallRules::states() const { return CallStates(); }

bool CallRules::CanRead(const records::RuleContext& ctx, const v1::Call& call) const {
  return CallReadableBy(ctx, call);
}

absl::Status CallRules::PrefetchForRead(const records::RuleContext& ctx,
                                        absl::Span<const v1::Call> calls) const {
  std::vector<std::string> programmes;
  for (const v1::Call& call : calls) {
    if (CallAccessNeedsProgramme(call)) programmes.push_back(call.programme());
  }
  return records::PrefetchNamed<v1::Programme>(ctx.reads, programmes);
}

absl::Status CallRules::Authorize(const records::ChangeContext<v1::Call>& ctx,
                                  const v1::Call& after) const {
  // An anonymous caller is refused before anything is read.
  if (ctx.caller.anonymous()) return AuthorizeCallChange(ctx.caller, ctx.change, {});
  // A missing programme is LoadReferences' violation; only admins get that far without one.
  ASSIGN_OR_RETURN(
      ProgrammeParties parties,
      PartiesOfProgramme(ctx.reads, (ctx.before != nullptr ? *ctx.before : after).programme()));
  return AuthorizeCallChange(ctx.caller, ctx.change, parties);
}

void CallRules::Validate(const v1::Call* before, const v1::Call& after, Violations* v) const {
  // The rules as they will be stored: with the defaults LoadReferences fills in.
  v1::Call call = after;
  ApplyCallDefaults(&call);
  ValidateCall(call, call.envelope().currency_code(), v);
  if (before != nullptr) ValidateCallChange(*before, after, v);
}

absl::Status CallRules::LoadReferences(const records::ChangeContext<v1::Call>& ctx, v1::Call* call,
                                       Violations* v, std::vector<Reference>* references) {
  ApplyCallDefaults(call);
  ASSIGN_OR_RETURN(auto programme, ReadNamed<v1::Programme>(ctx.reads, call->programme()));
  // A programme the caller may not read is answered as a missing one.
  if (!programme.has_value() || !CanReadProgramme(ctx.caller, programme->record)) {
    if (aip::IsNameOf<v1::Programme>(call->programme())) {
      v->Add("call.programme", absl::StrCat(call->programme(), " does not exist"));
    }
    return absl::OkStatus();
  }
  const v1::Programme& p = programme->record;
  CheckCallProgramme(*call, p, v);
  references->push_back(records::RefTo<v1::Programme>(aip::IdIn<v1::Programme>(p.name()),
                                                      {v1::PROGRAMME_DRAFT, v1::PROGRAMME_OPEN}));
  return absl::OkStatus();
}

absl::Status CallRules::ExtendPlan(const records::ChangeContext<v1::Call>& ctx,
                                   const v1::Call& after, WritePlan* plan) {
  const v1::Call* before = ctx.before;
  int64_t delta = EnvelopeHeldFromProgramme(&after) - EnvelopeHeldFromProgramme(before);
  if (ArchivesCall(before, after)) {
    // The awarded total stays committed. It is the one read: an award landing before this plan
    // applies makes it ABORTED, and the retry reads the new total (an archived call takes no
    // awards).
    const std::string awarded_counter = AwardedCallCounter(after.name());
    ASSIGN_OR_RETURN(const int64_t awarded, ctx.reads->GetCounter(awarded_counter));
    delta += awarded;
    plan->counters.push_back({.name = awarded_counter,
                              .expected = awarded,
                              .what = absl::StrCat("amount awarded from ", after.name())});
  }
  if (delta == 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto programme, ReadNamed<v1::Programme>(ctx.reads, after.programme()));
  if (!programme.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(after.programme(), " does not exist"));
  }
  plan->counters.push_back({.name = AllocatedCounter(after.programme()),
                            .delta = delta,
                            .max = programme->record.envelope().amount_minor(),
                            .what = AllocatedWhat(after.programme()),
                            .max_is = "the programme's envelope",
                            .min_is = "nothing allocated"});
  // The bound is the envelope as read: the plan applies only if the programme is unchanged.
  for (Reference& r : plan->references) {
    if (records::RefersTo<v1::Programme>(r)) r.version = programme->version;
  }
  return absl::OkStatus();
}

}  // namespace civitas::grants
