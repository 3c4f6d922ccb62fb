#include "services/monitoring/domain/aggregation.h"

#include <algorithm>

#include "services/monitoring/domain/indicators.h"

namespace civitas::monitoring {

std::optional<double> Aggregate(v1::Aggregation aggregation,
                                const std::vector<Observation>& observations) {
  if (observations.empty()) return std::nullopt;
  switch (aggregation) {
    case v1::SUM:
    case v1::AVERAGE: {
      double sum = 0;
      for (const Observation& o : observations) sum += o.value;
      return aggregation == v1::SUM ? sum : sum / static_cast<double>(observations.size());
    }
    case v1::LAST_IN_PERIOD: {
      absl::CivilDay latest = observations.front().period.last;
      for (const Observation& o : observations) latest = std::max(latest, o.period.last);
      double sum = 0;
      for (const Observation& o : observations) {
        if (o.period.last == latest) sum += o.value;
      }
      return sum;
    }
    case v1::MIN:
    case v1::MAX: {
      double best = observations.front().value;
      for (const Observation& o : observations) {
        best = aggregation == v1::MIN ? std::min(best, o.value) : std::max(best, o.value);
      }
      return best;
    }
    default:
      return std::nullopt;
  }
}

std::optional<double> ExpressionValue(const v1::Expression& expression,
                                      const std::map<std::string, double>& totals) {
  bool any = false;
  double value = 0;
  for (const v1::ExpressionTerm& term : expression.terms()) {
    auto it = totals.find(term.indicator());
    if (it == totals.end()) continue;
    any = true;
    value += (term.coefficient() == 0 ? 1 : term.coefficient()) * it->second;
  }
  if (!any) return std::nullopt;
  return value;
}

std::optional<double> RatioValue(const v1::Indicator& ratio,
                                 const std::map<std::string, double>& totals) {
  const std::optional<double> numerator = ExpressionValue(ratio.numerator(), totals);
  const std::optional<double> denominator = ExpressionValue(ratio.denominator(), totals);
  if (!numerator.has_value() || !denominator.has_value() || *denominator == 0) {
    return std::nullopt;
  }
  return *numerator / *denominator * static_cast<double>(FactorOf(ratio));
}

}  // namespace civitas::monitoring
