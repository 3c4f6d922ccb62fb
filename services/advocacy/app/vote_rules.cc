#include "services/advocacy/app/vote_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/advocacy/app/cycle_reads.h"
#include "services/advocacy/domain/planning_cycles.h"
#include "services/advocacy/domain/prioritisation.h"
#include "services/advocacy/domain/resource_spec.h"
#include "services/advocacy/domain/state_models.h"

namespace civitas::advocacy {

const aip::ResourceSpec& VoteRules::spec() const { return VoteSpec(); }

const records::StateModel<v1::Vote>& VoteRules::states() const { return VoteStates(); }

bool VoteRules::CanRead(const records::RuleContext& ctx, const v1::Vote& vote) const {
  const Principal& p = ctx.caller;
  if (p.HasRole(kRoleAdmin) || (!p.subject.empty() && p.subject == vote.voter())) return true;
  if (p.organization.empty()) return false;
  auto round = records::ReadNamed<v1::PrioritisationRound>(ctx.reads, vote.round());
  if (!round.ok() || !round->has_value()) return false;
  auto cycle = ReadCycle(ctx, (*round)->record.cycle());
  return cycle.ok() && cycle->has_value() && RunsCycle(p, (*cycle)->record);
}

absl::Status VoteRules::Authorize(const records::ChangeContext<v1::Vote>& ctx,
                                  const v1::Vote& after) const {
  if (!ctx.caller.subject.empty() && ctx.caller.subject == after.voter()) return absl::OkStatus();
  return absl::PermissionDeniedError("each person casts and changes their own votes only");
}

void VoteRules::Validate(const v1::Vote*, const v1::Vote& after, Violations* v) const {
  aip::CheckNameOf<v1::PrioritisationRound>(after.round(), "name", true, v);
  aip::CheckNameOf<v1::Need>(after.need(), "need", true, v);
}

absl::Status VoteRules::LoadReferences(const records::ChangeContext<v1::Vote>& ctx, v1::Vote* vote,
                                       Violations* v, std::vector<Reference>* references) {
  ASSIGN_OR_RETURN(auto round,
                   records::ReadNamed<v1::PrioritisationRound>(ctx.reads, vote->round()));
  if (!round.has_value()) {
    v->Add("name", absl::StrCat(vote->round(), " does not exist"));
    return absl::OkStatus();
  }
  if (round->record.state() != v1::ROUND_OPEN) {
    v->AddPrecondition(
        "name", absl::StrCat(vote->round(), " is ", v1::RoundState_Name(round->record.state()),
                             "; votes are cast and changed while it is ROUND_OPEN"));
    return absl::OkStatus();
  }
  references->push_back(records::RefTo<v1::PrioritisationRound>(
      aip::IdIn<v1::PrioritisationRound>(vote->round()), {v1::ROUND_OPEN}));
  return absl::OkStatus();
}

absl::Status VoteRules::ExtendPlan(const records::ChangeContext<v1::Vote>& ctx,
                                   const v1::Vote& after, WritePlan* plan) {
  for (TotalChange& change : TallyChanges(ctx.before, after)) {
    plan->totals.push_back(std::move(change));
  }
  return absl::OkStatus();
}

}  // namespace civitas::advocacy
