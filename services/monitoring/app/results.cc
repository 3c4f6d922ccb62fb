#include "services/monitoring/app/results.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/monitoring/domain/results.h"

namespace civitas::monitoring {

absl::StatusOr<v1::BatchGetResultsResponse> Results::BatchGet(
    const records::Request& r, const v1::BatchGetResultsRequest& request) {
  RETURN_IF_ERROR(CheckResultsRequest(request));
  v1::BatchGetResultsResponse out;
  std::map<std::string, v1::ResultsFramework> answered;  // repeats are read once
  for (const std::string& attribution : request.attributions()) {
    auto it = answered.find(attribution);
    if (it == answered.end()) {
      ASSIGN_OR_RETURN(v1::ResultsFramework framework, Framework(r, attribution));
      it = answered.emplace(attribution, std::move(framework)).first;
    }
    *out.add_frameworks() = it->second;
  }
  return out;
}

absl::StatusOr<v1::ResultsFramework> Results::Framework(const records::Request& r,
                                                        const std::string& attribution) {
  DocumentStore* reads = r.reads(store_);
  ASSIGN_OR_RETURN(std::vector<v1::Target> targets,
                   records::ScanAll<v1::Target>(reads, {absl::StrCat("attribution=", attribution)}));
  v1::ResultsFramework out;
  out.set_attribution(attribution);
  const std::vector<ResultGroup> groups = GroupTargets(targets, attribution);
  std::vector<std::string> names;
  for (const ResultGroup& group : groups) names.push_back(group.indicator);
  ASSIGN_OR_RETURN(std::vector<v1::Indicator> indicators,
                   records::ReadNamedMany<v1::Indicator>(reads, names));
  std::map<std::string, const v1::Indicator*> by_name;
  for (const v1::Indicator& indicator : indicators) by_name[indicator.name()] = &indicator;
  for (const ResultGroup& group : groups) {
    auto indicator = by_name.find(group.indicator);
    // A target names an existing indicator; an unpublished one's figures are not public.
    if (indicator == by_name.end() || !indicator->second->published()) continue;
    std::map<std::string, v1::AnalyticsRow> actuals;
    for (const AnalyticsQuestion& question : ActualsQuestions(group, attribution)) {
      ASSIGN_OR_RETURN(std::vector<v1::AnalyticsRow> rows,
                       analytics_->Compute(reads, question, /*published_only=*/false));
      for (v1::AnalyticsRow& row : rows) actuals[row.period()] = std::move(row);
    }
    *out.add_indicators() = ResultIndicatorOf(group, *indicator->second, actuals);
  }
  return out;
}

}  // namespace civitas::monitoring
