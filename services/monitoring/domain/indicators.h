// An indicator as a record: a measured one (figures entered per period, org unit and option
// combination of its categories) or a ratio (numerator / denominator x factor over measured
// indicators' totals); what a valid one holds, what it may refer to, what may change. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/common/field_violations.h"

namespace civitas::monitoring {

// Most categories one indicator is split by, and most option combinations they make.
inline constexpr int kMaxIndicatorCategories = 4;
inline constexpr int kMaxOptionCombinations = 10000;
// Most terms of a numerator or denominator.
inline constexpr int kMaxExpressionTerms = 20;

// Whether `indicator` is a ratio (it has a numerator or a denominator).
bool IsRatio(const v1::Indicator& indicator);

// A code, a display name, bounded texts, a value type and an aggregation; categories as
// `categories/{id}`, each once, at most kMaxIndicatorCategories. A ratio: both numerator and
// denominator with 1 to kMaxExpressionTerms terms naming `indicators/{id}` (not itself), no
// categories, a NUMBER or PERCENTAGE value type, a factor >= 0. Violations name
// `indicator.<field>`.
void ValidateIndicator(const v1::Indicator& indicator, Violations* v);

// An update: the code, the value type, the categories and whether it is a ratio are fixed
// (stored figures depend on them).
void ValidateIndicatorChange(const v1::Indicator& before, const v1::Indicator& after,
                             Violations* v);

// The categories the indicator names, as read (`found[i]` for `indicator.categories(i)`, null when
// missing): each must exist and, for a new indicator (`creating`), be active; together their
// options make at most kMaxOptionCombinations combinations.
void CheckIndicatorCategories(const v1::Indicator& indicator,
                              const std::vector<const v1::Category*>& found, bool creating,
                              Violations* v);

// A ratio's term at `field` naming `term` as read (null: missing): an active measured indicator.
void CheckRatioTerm(const std::string& field, const std::string& name, const v1::Indicator* term,
                    Violations* v);

// The factor a ratio is multiplied by: its own, 1 when unset.
int64_t FactorOf(const v1::Indicator& indicator);

}  // namespace civitas::monitoring
