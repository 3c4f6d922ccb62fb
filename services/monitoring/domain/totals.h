// Always-fresh analytics, pure: the totals a submission's figures count in, kept by the same
// write as the figures (a WritePlan's TotalChanges), and the answers read back from them.
//
// For each indicator, each territory above the org unit (and the org unit itself) and each year,
// one hash of totals holds, per period as entered x option combination x attribution, the sum
// of the figures (in ten-thousandths, exact) and how many there are. Figures of days and weeks
// are kept in a second hash of the year ("fine") and counted again in their month in the first:
// a question about a month or anything coarser reads the first hash only, a region's year of
// daily figures twelve months of fields rather than 365 days of them. Any roll-up (quarter, half,
// year; a week by its Thursday), any option filter and any attribution is then read from one or
// two hashes per year, whatever the number of figures below. MIN, MAX and LAST_IN_PERIOD
// indicators also keep each org unit's figure (in the hash of its period's own kind): a smallest
// figure cannot be taken back out of a sum, and a last one is each org unit's own (a region's
// stock is the sum of each org unit's latest figure, whenever each last reported). The figures of
// submissions the ministry has accepted are counted once more apart (the published totals), moved
// by the acceptance and its undo.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/common/totals.h"
#include "services/monitoring/domain/periods.h"

namespace civitas::monitoring {

// Totals hold INTEGER and BOOLEAN figures as they are and NUMBER and PERCENTAGE figures in
// ten-thousandths (their fifth decimal is rounded in totals, never in the figure): exact up to
// 2^53, e.g. a country's budget of 9 x 10^15 in minor units, or 9 x 10^11 in a NUMBER.
int64_t TotalScale(v1::ValueType type);

// A canonical value in units of `scale` (`true` 1, `false` 0); INVALID_ARGUMENT for a value too
// large to total exactly (CanonicalValue refuses such values on entry).
absl::StatusOr<int64_t> ScaledValue(const std::string& canonical, int64_t scale);

// What totals need of an indicator (both fixed once it is created).
struct TotalledIndicator {
  int64_t scale = 1;
  // MIN, MAX and LAST_IN_PERIOD: each org unit's figure is kept too.
  bool keeps_leaves = false;
};
TotalledIndicator TotalledOf(const v1::Indicator& indicator);

// The key of the hash of `indicator`'s totals for `org_unit` in `year` (a YEARLY code): figures
// of months and coarser periods, days and weeks counted in their months, and targets (targets.h).
std::string TotalsKey(const std::string& indicator, const std::string& org_unit,
                      const std::string& year);
// The key of the hash of the same totals' days and weeks as entered.
std::string FineTotalsKey(const std::string& indicator, const std::string& org_unit,
                          const std::string& year);

// Whether a figure of a period of `type` is kept in the fine hash (and in its month).
bool IsFinePeriod(PeriodType type);

// The org units a submission's figures count in: the territories of its path and the org unit.
std::vector<std::string> CountedIn(const v1::Submission& submission);

// The changes of totals that take the figures from `before` (null: none) to `after`, by their
// indicators (by name; a figure of an indicator not there, or too large to total, is not
// counted, on both sides alike). Empty when no figure changed.
std::vector<TotalChange> TotalsDelta(const v1::Submission* before, const v1::Submission& after,
                                     const std::map<std::string, TotalledIndicator>& indicators);

// What a question selects among the figures.
struct TotalsQuery {
  Period period;
  // Figures whose option combination holds every one of these options.
  std::vector<std::string> options;
  // Figures reported on this programme or grant; empty: any.
  std::optional<std::string> attribution;
  // Only the figures of accepted submissions (the published totals).
  bool accepted_only = false;
};

struct TotalsAnswer {
  std::optional<double> value;
  int64_t figures = 0;
};

// An indicator's value for one org unit from its hashes of totals (one per year the period
// touches), by its aggregation (aggregation.h's rules): nothing when no figure is selected.
TotalsAnswer AnswerFromTotals(const v1::Indicator& indicator,
                              const std::vector<const Totals*>& hashes, const TotalsQuery& query);

}  // namespace civitas::monitoring
