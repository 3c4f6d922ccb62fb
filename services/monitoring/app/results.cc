#include "services/monitoring/app/results.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/monitoring/app/analytics.h"
#include "services/monitoring/domain/analytics.h"
#include "services/monitoring/domain/results.h"

namespace civitas::monitoring {
namespace {

// Most hashes of totals one call reads, in one pipelined round trip: a public method's reads are
// bounded (100 attributions of a few indicators, org units and years each fit).
constexpr size_t kMaxResultsTotals = 4000;

}  // namespace

absl::StatusOr<v1::BatchGetResultsResponse> Results::BatchGet(
    const records::Request& r, const v1::BatchGetResultsRequest& request) {
  RETURN_IF_ERROR(CheckResultsRequest(request));
  DocumentStore* reads = r.reads(store_);
  // Each attribution's targets by indicator and org unit, read once however often it is asked.
  std::map<std::string, std::vector<ResultGroup>> groups;
  std::vector<std::string> names;
  for (const std::string& attribution : request.attributions()) {
    if (groups.contains(attribution)) continue;
    ASSIGN_OR_RETURN(
        std::vector<v1::Target> targets,
        records::ScanAll<v1::Target>(reads, {absl::StrCat("attribution=", attribution)}));
    std::vector<ResultGroup>& of = groups[attribution] = GroupTargets(targets, attribution);
    for (const ResultGroup& group : of) names.push_back(group.indicator);
  }
  // Published indicators only: an unpublished one's targets and figures are not public. A
  // ratio's terms are read for its value, published or not.
  ASSIGN_OR_RETURN(std::vector<v1::Indicator> asked,
                   records::ReadNamedMany<v1::Indicator>(reads, names));
  std::erase_if(asked, [](const v1::Indicator& i) { return !i.published(); });
  std::map<std::string, v1::Indicator> indicators;
  for (const v1::Indicator& indicator : asked) indicators[indicator.name()] = indicator;
  const std::vector<std::string> measured = MeasuredBehind(asked);
  ASSIGN_OR_RETURN(std::vector<v1::Indicator> terms,
                   records::ReadNamedMany<v1::Indicator>(reads, measured));
  std::map<std::string, v1::Indicator> behind = indicators;
  for (v1::Indicator& term : terms) behind.emplace(term.name(), std::move(term));

  // Every question's hashes of totals, read together.
  std::map<std::pair<std::string, size_t>, std::vector<AnalyticsQuestion>> questions;
  std::map<std::string, std::vector<std::string>> keys;
  for (const auto& [attribution, of] : groups) {
    for (size_t g = 0; g < of.size(); ++g) {
      auto indicator = indicators.find(of[g].indicator);
      if (indicator == indicators.end()) continue;
      std::vector<AnalyticsQuestion>& asked_for = questions[{attribution, g}];
      asked_for = ActualsQuestions(of[g], attribution);
      // The org unit's figures are in its keyspace (its pin's: an organisation moved since its
      // targets were set keeps its figures where its first ones were); one the registry no
      // longer places has none to read.
      absl::StatusOr<std::vector<std::string>> keyspace =
          submissions_->KeyspacesOfTotals(of[g].org_unit, r.call());
      if (keyspace.status().code() == absl::StatusCode::kInvalidArgument ||
          keyspace.status().code() == absl::StatusCode::kFailedPrecondition) {
        keyspace = std::vector<std::string>();
      }
      if (!keyspace.ok()) return keyspace.status();
      for (const std::string& term : MeasuredBehind({indicator->second})) {
        auto measured = behind.find(term);
        if (measured == behind.end()) continue;  // a ratio's term since deleted: no figures
        for (const AnalyticsQuestion& q : asked_for) {
          for (const Period& period : q.periods) {
            for (std::string& key : TotalsKeysFor(measured->second, of[g].org_unit, period)) {
              keys.emplace(std::move(key), *keyspace);
            }
          }
        }
      }
    }
  }
  if (keys.size() > kMaxResultsTotals) {
    return absl::InvalidArgumentError(absl::StrCat(
        "attributions: the frameworks asked need ", keys.size(),
        " hashes of totals (indicators x org units x years, two a year for days, weeks, MIN, MAX "
        "and LAST); at most ",
        kMaxResultsTotals, ": ask for fewer attributions at once"));
  }
  ASSIGN_OR_RETURN(const auto totals, ReadTotals(r, submissions_, keys));

  v1::BatchGetResultsResponse out;
  for (const std::string& attribution : request.attributions()) {
    v1::ResultsFramework& framework = *out.add_frameworks();
    framework.set_attribution(attribution);
    const std::vector<ResultGroup>& of = groups.at(attribution);
    for (size_t g = 0; g < of.size(); ++g) {
      auto asked_for = questions.find({attribution, g});
      if (asked_for == questions.end()) continue;  // not published
      std::map<std::string, v1::AnalyticsRow> actuals;
      for (const AnalyticsQuestion& q : asked_for->second) {
        for (v1::AnalyticsRow& row : AnswerQuestion(q, behind, totals)) {
          actuals[row.period()] = std::move(row);
        }
      }
      *framework.add_indicators() =
          ResultIndicatorOf(of[g], indicators.at(of[g].indicator), actuals);
    }
  }
  return out;
}

}  // namespace civitas::monitoring
