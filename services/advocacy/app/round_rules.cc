#include "services/advocacy/app/round_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/request_fingerprint.h"
#include "libs/common/status_macros.h"
#include "libs/store/document_store.h"
#include "services/advocacy/app/cycle_reads.h"
#include "services/advocacy/domain/planning_cycles.h"
#include "services/advocacy/domain/prioritisation.h"
#include "services/advocacy/domain/resource_spec.h"
#include "services/advocacy/domain/state_models.h"

namespace civitas::advocacy {

const aip::ResourceSpec& RoundRules::spec() const { return RoundSpec(); }

const records::StateModel<v1::PrioritisationRound>& RoundRules::states() const {
  return RoundStates();
}

bool RoundRules::CanRead(const records::RuleContext&, const v1::PrioritisationRound&) const {
  return true;
}

absl::Status RoundRules::CompleteForRead(const records::RuleContext& ctx,
                                         absl::Span<v1::PrioritisationRound> rounds) const {
  if (rounds.empty()) return absl::OkStatus();
  std::vector<std::string> keys;
  keys.reserve(rounds.size());
  for (const v1::PrioritisationRound& r : rounds) keys.push_back(TallyKey(r.name()));
  ASSIGN_OR_RETURN(std::vector<Totals> totals, ctx.reads->GetTotals(keys));
  for (size_t i = 0; i < rounds.size(); ++i) {
    v1::PrioritisationRound& r = rounds[i];
    r.clear_tallies();
    for (v1::NeedTally& t : TalliesFromTotals(r, totals[i])) *r.add_tallies() = std::move(t);
    std::string figures;
    for (const v1::NeedTally& t : r.tallies()) figures += DeterministicBytes(t);
    r.set_etag(records::DerivedEtag(records::StoredEtag(r.etag()), figures));
  }
  return absl::OkStatus();
}

absl::Status RoundRules::Authorize(const records::ChangeContext<v1::PrioritisationRound>& ctx,
                                   const v1::PrioritisationRound& after) const {
  ASSIGN_OR_RETURN(auto cycle, ReadCycle(ctx, after.cycle()));
  if (!cycle.has_value()) return absl::OkStatus();  // LoadReferences: missing
  RETURN_IF_ERROR(AuthorizeCycleChange(ctx.caller, cycle->record));
  if (ctx.change == records::Change::kArchive && ctx.before != nullptr &&
      ctx.before->state() == v1::ROUND_OPEN) {
    return absl::FailedPreconditionError(
        absl::StrCat(after.name(), " is ROUND_OPEN; close it before archiving it"));
  }
  return absl::OkStatus();
}

void RoundRules::Validate(const v1::PrioritisationRound*, const v1::PrioritisationRound& after,
                          Violations* v) const {
  ValidateRound(after, v);
}

absl::Status RoundRules::LoadReferences(const records::ChangeContext<v1::PrioritisationRound>& ctx,
                                        v1::PrioritisationRound* round, Violations* v,
                                        std::vector<Reference>* references) {
  if (ctx.change == records::Change::kArchive) return absl::OkStatus();
  if (ctx.change == records::Change::kUpdate && ctx.before->state() != v1::ROUND_OPEN) {
    v->AddPrecondition("prioritisation_round.name",
                       absl::StrCat(round->name(), " is ", v1::RoundState_Name(ctx.before->state()),
                                    "; a closed round is the result and does not change"));
    return absl::OkStatus();
  }
  const size_t problems = v->items().size();
  RETURN_IF_ERROR(RequireCycle(ctx, round->cycle(), {v1::CYCLE_PRIORITISATION},
                               "rounds are opened and changed during the prioritisation",
                               "prioritisation_round.cycle", v, references)
                      .status());
  if (v->items().size() != problems) return absl::OkStatus();
  if (ctx.change == records::Change::kCreate) {
    std::vector<std::string> names(round->needs().begin(), round->needs().end());
    ASSIGN_OR_RETURN(auto needs, records::ReadNamedManyStored<v1::Need>(ctx.reads, names));
    std::set<std::string> usable;
    for (const auto& n : needs) {
      if (n.record.cycle() == round->cycle() && n.record.state() == v1::NEED_RECORDED) {
        usable.insert(n.record.name());
      }
    }
    for (int i = 0; i < round->needs_size(); ++i) {
      if (!usable.contains(round->needs(i))) {
        v->Add(absl::StrCat("prioritisation_round.needs[", i, "]"),
               absl::StrCat(round->needs(i), " is not a need recorded in ", round->cycle()));
      }
    }
  }
  std::set<std::string> had;
  if (ctx.before != nullptr) {
    for (const auto& p : ctx.before->participants()) had.insert(p.organization());
    // Votes are tallied by their organisation's group as cast: a group does not change.
    for (int i = 0; i < round->participants_size(); ++i) {
      for (const auto& p : ctx.before->participants()) {
        if (p.organization() == round->participants(i).organization() &&
            p.group() != round->participants(i).group()) {
          v->Add(absl::StrCat("prioritisation_round.participants[", i, "].group"),
                 absl::StrCat("is ", v1::ParticipantGroup_Name(p.group()),
                              " for the votes already counted; a participant's group does not "
                              "change once the round is open"));
        }
      }
    }
  }
  for (int i = 0; i < round->participants_size(); ++i) {
    const std::string& org = round->participants(i).organization();
    if (had.contains(org)) continue;
    RETURN_IF_ERROR(clients::CheckOrganizationRegistered(
        registry_, org, absl::StrCat("prioritisation_round.participants[", i, "].organization"), v,
        ctx.call));
  }
  return absl::OkStatus();
}

absl::Status RoundRules::ExtendPlan(const records::ChangeContext<v1::PrioritisationRound>& ctx,
                                    const v1::PrioritisationRound& after, WritePlan* plan) {
  if (ctx.change == records::Change::kCreate) {
    plan->counters.push_back(CycleOpenRounds(after.cycle(), 1));
  }
  return absl::OkStatus();
}

}  // namespace civitas::advocacy
