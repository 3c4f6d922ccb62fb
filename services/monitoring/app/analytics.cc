#include "services/monitoring/app/analytics.h"

#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/monitoring/app/org_unit_path.h"
#include "services/monitoring/domain/analytics.h"

namespace civitas::monitoring {

absl::StatusOr<v1::Analytics> Analytics::Answer(const records::Request& r,
                                                const v1::GetAnalyticsRequest& request) {
  const Principal& p = r.caller();
  if (p.anonymous()) return absl::UnauthenticatedError("analytics need a credential");
  ASSIGN_OR_RETURN(AnalyticsQuestion question, ParseAnalyticsQuestion(request));
  for (const std::string& org_unit : question.org_units) {
    std::vector<std::string> path;
    if (NeedsPath(p, org_unit)) {
      ASSIGN_OR_RETURN(path, OrgUnitPath(registry_, org_unit, r.call()));
    }
    RETURN_IF_ERROR(AuthorizeAnalytics(p, org_unit, path));
  }
  DocumentStore* reads = r.reads(store_);
  ASSIGN_OR_RETURN(std::vector<v1::Indicator> asked,
                   records::ReadNamedMany<v1::Indicator>(reads, question.indicators));
  std::map<std::string, v1::Indicator> indicators;
  for (v1::Indicator& indicator : asked) indicators[indicator.name()] = indicator;
  for (const std::string& name : question.indicators) {
    if (!indicators.contains(name)) return absl::NotFoundError(absl::StrCat(name, " not found"));
  }
  const std::vector<std::string> measured = MeasuredBehind(asked);
  ASSIGN_OR_RETURN(std::vector<v1::Indicator> terms,
                   records::ReadNamedMany<v1::Indicator>(reads, measured));
  for (v1::Indicator& indicator : terms) indicators[indicator.name()] = std::move(indicator);
  std::set<std::string> keys;
  for (const std::string& indicator : measured) {
    for (const std::string& org_unit : question.org_units) {
      for (const Period& period : question.periods) {
        for (std::string& key : TotalsKeysFor(indicator, org_unit, period)) {
          keys.insert(std::move(key));
        }
      }
    }
  }
  const std::vector<std::string> key_list(keys.begin(), keys.end());
  ASSIGN_OR_RETURN(std::vector<Totals> read, reads->GetTotals(key_list));
  std::map<std::string, Totals> totals;
  for (size_t i = 0; i < key_list.size(); ++i) totals[key_list[i]] = std::move(read[i]);
  v1::Analytics out;
  for (v1::AnalyticsRow& row : AnswerQuestion(question, indicators, totals)) {
    *out.add_rows() = std::move(row);
  }
  return out;
}

}  // namespace civitas::monitoring
