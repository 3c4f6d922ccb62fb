#include "services/monitoring/domain/results.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/aip/resource_names.h"
#include "libs/common/field_violations.h"
#include "services/monitoring/domain/periods.h"

namespace civitas::monitoring {
namespace {

constexpr int kMaxAttributions = 100;
// GetAnalytics's bound on periods a question.
constexpr size_t kPeriodsPerQuestion = 50;

std::string Day(absl::CivilDay d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

}  // namespace

absl::Status CheckResultsRequest(const v1::BatchGetResultsRequest& request) {
  Violations v;
  if (request.attributions().empty() || request.attributions_size() > kMaxAttributions) {
    v.Add("attributions", absl::StrCat("must name 1 to ", kMaxAttributions));
  }
  for (int i = 0; i < request.attributions_size(); ++i) {
    const std::string& a = request.attributions(i);
    if (!aip::IsNameOf<grants::v1::Programme>(a) && !aip::IsNameOf<grants::v1::Grant>(a)) {
      v.Add(absl::StrCat("attributions[", i, "]"),
            "must be programmes/{programme} or grants/{grant}");
    }
  }
  return v.ToStatus();
}

std::vector<ResultGroup> GroupTargets(const std::vector<v1::Target>& targets,
                                      const std::string& attribution) {
  std::vector<ResultGroup> groups;
  std::map<std::pair<std::string, std::string>, size_t> at;
  for (const v1::Target& target : targets) {
    if (target.state() != v1::TARGET_ACTIVE || target.attribution() != attribution ||
        !ParsePeriod(target.period()).ok()) {
      continue;
    }
    auto [it, added] = at.try_emplace({target.indicator(), target.org_unit()}, groups.size());
    if (added) groups.push_back({target.indicator(), target.org_unit(), {}});
    groups[it->second].targets.push_back(target);
  }
  for (ResultGroup& group : groups) {
    std::stable_sort(group.targets.begin(), group.targets.end(),
                     [](const v1::Target& a, const v1::Target& b) {
                       const Period pa = *ParsePeriod(a.period());
                       const Period pb = *ParsePeriod(b.period());
                       return pa.first != pb.first ? pa.first < pb.first : pa.last < pb.last;
                     });
  }
  return groups;
}

std::vector<AnalyticsQuestion> ActualsQuestions(const ResultGroup& group,
                                                const std::string& attribution) {
  std::vector<AnalyticsQuestion> out;
  for (const v1::Target& target : group.targets) {
    if (out.empty() || out.back().periods.size() == kPeriodsPerQuestion) {
      AnalyticsQuestion& q = out.emplace_back();
      q.indicators = {group.indicator};
      q.org_units = {group.org_unit};
      q.attribution = attribution;
      q.accepted_only = true;
    }
    out.back().periods.push_back(*ParsePeriod(target.period()));
  }
  return out;
}

v1::ResultIndicator ResultIndicatorOf(const ResultGroup& group, const v1::Indicator& indicator,
                                      const std::map<std::string, v1::AnalyticsRow>& actuals) {
  v1::ResultIndicator out;
  out.set_indicator(group.indicator);
  out.set_code(indicator.code());
  *out.mutable_display_name() = indicator.display_name();
  out.set_level(indicator.level());
  out.set_direction(indicator.direction());
  out.set_value_type(indicator.value_type());
  out.set_org_unit(group.org_unit);
  for (const v1::Target& target : group.targets) {
    if (out.baseline().empty() && !target.baseline().empty()) {
      out.set_baseline(target.baseline());
      out.set_baseline_period(target.baseline_period());
    }
    const Period period = *ParsePeriod(target.period());
    v1::ResultPeriod* p = out.add_periods();
    p->set_period(period.code);
    p->set_start_date(Day(period.first));
    p->set_end_date(Day(period.last));
    p->set_target(target.target());
    auto actual = actuals.find(period.code);
    if (actual != actuals.end()) {
      p->set_actual(actual->second.value());
      p->set_figures(actual->second.figures());
    }
  }
  return out;
}

}  // namespace civitas::monitoring
