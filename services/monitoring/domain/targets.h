// Targets, pure: a baseline and a target per indicator, org unit, period and attribution; who
// sets and reads them; their values in the indicator's type; the totals fields that carry them
// to analytics (in the indicator's hash of totals for the org unit and year, so that an answer
// finds its target in the same read as its figures); progress.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/common/totals.h"

namespace civitas::monitoring {

// Names, period codes, a baseline period with a baseline only, a target.
void ValidateTarget(const v1::Target& target, Violations* v);
// What identifies a target is fixed: indicator, org unit, period, attribution.
void ValidateTargetChange(const v1::Target& before, const v1::Target& after, Violations* v);
// The periods in their canonical codes (`2025W01` -> `2025W1`), as figures store theirs: the
// target is found by the code analytics ask with. Unparsable codes stay (ValidateTarget names
// them).
void CanonicalizeTargetPeriods(v1::Target* target);
// The target and baseline in their canonical form for `indicator` (a ratio's are NUMBERs), or a
// violation naming the field.
void CanonicalizeTargetValues(const v1::Indicator& indicator, v1::Target* target, Violations* v);

// Read: as the org unit's figures (ReadsOrgUnit).
bool CanReadTarget(const Principal& p, const v1::Target& target);
// A target for a programme or grant belongs to its results framework, which is published
// (BatchGetResults, IATI): it needs a data set reporting on that attribution, `reporting` (the
// active data sets with the target's attribution). The org unit must be assigned to one of them
// (its own figures are reported on it), unless the ministry or an admin sets it (a target for a
// territory or the country). Violations name `target.attribution`.
void CheckTargetAttribution(const Principal& p, const v1::Target& target,
                            const std::vector<v1::DataSet>& reporting, Violations* v);
// Set: the ministry and admins, the municipality responsible for the org unit, its own people.
absl::Status AuthorizeTargetChange(const Principal& p, const v1::Target& target);

// One active target per indicator, org unit, period and attribution.
std::string TargetUniqueValue(const v1::Target& target);

// The totals fields that move from `before` to `after` (null: none, e.g. archived), in the
// indicator's scale (totals.h).
std::vector<TotalChange> TargetTotals(const v1::Target* before, const v1::Target* after,
                                      const v1::Indicator& indicator);

struct TargetFigures {
  std::optional<double> target;
  std::optional<double> baseline;
};
// The target of `period` (a code) and `attribution` (empty: none) in a hash of totals.
TargetFigures TargetIn(const Totals& hash, const std::string& period,
                       const std::string& attribution, const v1::Indicator& indicator);

// How far from the baseline (0 without one) to the target `value` is; nothing when the target
// equals the baseline.
std::optional<double> Progress(double value, const TargetFigures& target);

}  // namespace civitas::monitoring
