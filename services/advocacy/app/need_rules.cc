#include "services/advocacy/app/need_rules.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/status_macros.h"
#include "services/advocacy/app/cycle_reads.h"
#include "services/advocacy/app/evidence_desk.h"
#include "services/advocacy/domain/evidence.h"
#include "services/advocacy/domain/planning_cycles.h"
#include "services/advocacy/domain/resource_spec.h"
#include "services/advocacy/domain/state_models.h"

namespace civitas::advocacy {
namespace {

// The same question: the same indicator, territory and periods.
bool SameQuestion(const v1::EvidenceCitation& a, const v1::EvidenceCitation& b) {
  if (a.indicator() != b.indicator() || a.territory() != b.territory() ||
      a.periods_size() != b.periods_size()) {
    return false;
  }
  for (int i = 0; i < a.periods_size(); ++i) {
    if (a.periods(i) != b.periods(i)) return false;
  }
  return true;
}

}  // namespace

const aip::ResourceSpec& NeedRules::spec() const { return NeedSpec(); }

const records::StateModel<v1::Need>& NeedRules::states() const { return NeedStates(); }

bool NeedRules::CanRead(const records::RuleContext&, const v1::Need&) const { return true; }

absl::Status NeedRules::Authorize(const records::ChangeContext<v1::Need>& ctx,
                                  const v1::Need& after) const {
  ASSIGN_OR_RETURN(auto cycle, ReadCycle(ctx, after.cycle()));
  if (!cycle.has_value()) return absl::OkStatus();  // LoadReferences: missing
  return AuthorizeNeedChange(ctx.caller, cycle->record);
}

void NeedRules::Validate(const v1::Need*, const v1::Need& after, Violations* v) const {
  ValidateNeed(after, v);
}

absl::Status NeedRules::LoadReferences(const records::ChangeContext<v1::Need>& ctx, v1::Need* need,
                                       Violations* v, std::vector<Reference>* references) {
  const size_t problems = v->items().size();
  ASSIGN_OR_RETURN(auto cycle,
                   RequireCycle(ctx, need->cycle(), {v1::CYCLE_ANALYSIS},
                                "needs are recorded, changed and archived during the analysis",
                                "need.cycle", v, references));
  if (!cycle.has_value() || v->items().size() != problems ||
      ctx.change == records::Change::kArchive) {
    return absl::OkStatus();
  }
  const auto now =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(clock_->Now()));
  for (int i = 0; i < need->indicators_size(); ++i) {
    v1::EvidenceCitation* citation = need->mutable_indicators(i);
    // A citation the need already had keeps the figures it was recorded with.
    const v1::EvidenceCitation* kept = nullptr;
    if (ctx.before != nullptr) {
      for (const v1::EvidenceCitation& had : ctx.before->indicators()) {
        if (SameQuestion(had, *citation)) kept = &had;
      }
    }
    if (kept != nullptr) {
      *citation = *kept;
      continue;
    }
    const std::string field = absl::StrCat("need.indicators[", i, "]");
    if (citation->territory() != cycle->record.territory()) {
      v->Add(field + ".territory",
             absl::StrCat("must be the cycle's territory (", cycle->record.territory(), ")"));
      continue;
    }
    // A citation Validate refused is not asked about (and not reported twice).
    Violations checked;
    ValidateCitationAs(*citation, field, &checked);
    if (!checked.empty()) continue;
    absl::Status filled = FillCitedFigures(monitoring_, ctx.call, field, citation);
    if (filled.code() == absl::StatusCode::kInvalidArgument) {
      for (const FieldViolation& item : FieldViolationsOf(filled))
        v->Add(item.field, item.description);
      continue;
    }
    RETURN_IF_ERROR(filled);
    citation->set_actor(ctx.caller.subject);
    *citation->mutable_cite_time() = now;
  }
  return absl::OkStatus();
}

absl::Status NeedRules::ExtendPlan(const records::ChangeContext<v1::Need>& ctx,
                                   const v1::Need& after, WritePlan* plan) {
  if (ctx.change == records::Change::kCreate) {
    plan->counters.push_back(CycleNeeds(after.cycle(), 1));
  } else if (ctx.change == records::Change::kArchive && ctx.before != nullptr &&
             ctx.before->state() == v1::NEED_RECORDED) {
    plan->counters.push_back(CycleNeeds(after.cycle(), -1));
  }
  return absl::OkStatus();
}

}  // namespace civitas::advocacy
