// How figures combine: an indicator's aggregation over the periods and org units below the one
// asked for, and a ratio's value from its numerator's and denominator's totals. Pure: the totals
// come from what app/ keeps (issue 22's always-fresh analytics) or from stored values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "civitas/monitoring/v1/resources.pb.h"
#include "services/monitoring/domain/periods.h"

namespace civitas::monitoring {

// One figure to combine: the period it is for and its numeric value (NumericValue).
struct Observation {
  Period period;
  double value = 0;
};

// `observations` combined by `aggregation`: SUM adds; AVERAGE is the mean of the figures;
// LAST_IN_PERIOD takes the figures of the latest period only and adds them (a stock reported
// monthly by several org units is, for a quarter, the sum of their last months); MIN and MAX are
// the smallest and largest figure. Nothing without figures (no data is not zero).
std::optional<double> Aggregate(v1::Aggregation aggregation,
                                const std::vector<Observation>& observations);

// A linear expression's value over indicators' totals (by indicator name): each term's total
// times its coefficient (1 when unset). Nothing when no term's indicator has a total (no data);
// a term without one counts 0 when others have data, as DHIS2's "skip missing" does.
std::optional<double> ExpressionValue(const v1::Expression& expression,
                                      const std::map<std::string, double>& totals);

// A ratio indicator's value: numerator / denominator x factor. Nothing when either side has no
// data or the denominator is 0 (DHIS2 shows no value rather than infinity).
std::optional<double> RatioValue(const v1::Indicator& ratio,
                                 const std::map<std::string, double>& totals);

}  // namespace civitas::monitoring
