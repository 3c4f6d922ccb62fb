#include "services/monitoring/app/submission_rules.h"

#include <map>

#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/monitoring/domain/resource_spec.h"
#include "services/monitoring/domain/state_models.h"
#include "services/monitoring/domain/submissions.h"
#include "services/monitoring/domain/totals.h"

namespace civitas::monitoring {

const aip::ResourceSpec& SubmissionRules::spec() const { return SubmissionSpec(); }

const records::StateModel<v1::Submission>& SubmissionRules::states() const {
  return SubmissionStates();
}

bool SubmissionRules::CanRead(const records::RuleContext& ctx,
                              const v1::Submission& submission) const {
  return CanReadSubmission(ctx.caller, submission);
}

absl::Status SubmissionRules::Authorize(const records::ChangeContext<v1::Submission>& ctx,
                                        const v1::Submission& after) const {
  if (ctx.change != records::Change::kCreate) {
    return absl::PermissionDeniedError(
        "submissions change through SetDataValues and their approval steps");
  }
  return AuthorizeEntry(ctx.caller, after.org_unit(),
                        {after.org_unit_path().begin(), after.org_unit_path().end()});
}

void SubmissionRules::Validate(const v1::Submission*, const v1::Submission& after,
                               Violations* v) const {
  CheckSubmissionSize(after, v);
}

absl::Status SubmissionRules::LoadReferences(const records::ChangeContext<v1::Submission>& ctx,
                                             v1::Submission* submission, Violations*,
                                             std::vector<Reference>* references) {
  // In the write's own checks: a data set archived after the entry read it refuses the figures.
  if (ctx.change == records::Change::kCreate ||
      (ctx.before != nullptr && FiguresChanged(*ctx.before, *submission))) {
    references->push_back(records::RefTo<v1::DataSet>(
        aip::IdIn<v1::DataSet>(submission->data_set()), {v1::DATA_SET_ACTIVE}));
  }
  return absl::OkStatus();
}

std::vector<std::string> SubmissionRules::UniqueValues(const v1::Submission& submission) const {
  return {EntryKey(submission.data_set(), submission.org_unit(), submission.period())};
}

absl::Status SubmissionRules::ExtendPlan(const records::ChangeContext<v1::Submission>& ctx,
                                         const v1::Submission& after, WritePlan* plan) {
  // What totals need of the figures' indicators (their value type and aggregation, fixed once
  // created): read with the request's reads, where entry has already read them.
  std::vector<std::string> names;
  for (const v1::DataValue& value : after.values()) names.push_back(value.indicator());
  if (ctx.before != nullptr) {
    for (const v1::DataValue& value : ctx.before->values()) names.push_back(value.indicator());
  }
  ASSIGN_OR_RETURN(std::vector<v1::Indicator> loaded,
                   records::ReadNamedMany<v1::Indicator>(ctx.reads, names));
  std::map<std::string, TotalledIndicator> indicators;
  for (const v1::Indicator& indicator : loaded)
    indicators[indicator.name()] = TotalledOf(indicator);
  std::vector<TotalChange> totals = TotalsDelta(ctx.before, after, indicators);
  for (TotalChange& t : totals) plan->totals.push_back(std::move(t));
  return absl::OkStatus();
}

}  // namespace civitas::monitoring
