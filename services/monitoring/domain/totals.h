// Always-fresh analytics, pure: the totals a submission's figures count in, kept by the same
// write as the figures (a WritePlan's TotalChanges), and the answers read back from them.
//
// For each indicator, each territory above the org unit (and the org unit itself) and each year,
// one hash of totals holds, per period as entered x option combination x attribution, the sum
// of the figures (in ten-thousandths, exact) and how many there are. Any roll-up (quarter, half,
// year; a week by its Thursday), any option filter and any attribution is then read from one hash
// per year, whatever the number of figures below: a region's year is one read. MIN and MAX
// indicators also keep each org unit's figure, since a smallest figure cannot be taken back out
// of a sum.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/store/write_plan.h"
#include "services/monitoring/domain/periods.h"

namespace civitas::monitoring {

// Totals hold figures in ten-thousandths: a NUMBER's fifth decimal is rounded away in totals
// (the figure itself is kept as entered), and one total stays exact up to 9 x 10^11.
inline constexpr int64_t kTotalScale = 10000;

// A canonical value in ten-thousandths (`true` 1, `false` 0); INVALID_ARGUMENT for a value too
// large to total exactly (9 x 10^11 and beyond).
absl::StatusOr<int64_t> ScaledValue(const std::string& canonical);

// The key of the hash of `indicator`'s totals for `org_unit` in `year` (a YEARLY code).
std::string TotalsKey(const std::string& indicator, const std::string& org_unit,
                      const std::string& year);

// The org units a submission's figures count in: the territories of its path and the org unit.
std::vector<std::string> CountedIn(const v1::Submission& submission);

// The changes of totals that take the figures from `before` (null: none) to `after`, with their
// org unit leaves for the indicators in `min_max`. Empty when no figure changed. INVALID_ARGUMENT
// naming the figure for a value too large to total.
absl::StatusOr<std::vector<TotalChange>> TotalsDelta(const v1::Submission* before,
                                                     const v1::Submission& after,
                                                     const std::set<std::string>& min_max);

// What a question selects among the figures.
struct TotalsQuery {
  Period period;
  // Figures whose option combination holds every one of these options.
  std::vector<std::string> options;
  // Figures reported on this programme or grant; empty: any.
  std::optional<std::string> attribution;
};

struct TotalsAnswer {
  std::optional<double> value;
  int64_t figures = 0;
};

// An indicator's value for one org unit from its hashes of totals (one per year the period
// touches), by its aggregation (aggregation.h's rules): nothing when no figure is selected.
TotalsAnswer AnswerFromTotals(v1::Aggregation aggregation, const std::vector<Totals>& hashes,
                              const TotalsQuery& query);

}  // namespace civitas::monitoring
