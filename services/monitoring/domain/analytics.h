// Analytics questions, pure: what GetAnalytics asks checked, who may ask about an org unit, and
// the rows answered from hashes of totals (totals.h) for measured and ratio indicators.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/totals.h"
#include "services/monitoring/domain/periods.h"

namespace civitas::monitoring {

struct AnalyticsQuestion {
  std::vector<std::string> indicators;
  std::vector<std::string> org_units;
  std::vector<Period> periods;
  std::vector<std::string> options;
  std::string attribution;
  // Only accepted figures (the published totals).
  bool accepted_only = false;
};

// INVALID_ARGUMENT naming each bad field (see GetAnalytics).
absl::StatusOr<AnalyticsQuestion> ParseAnalyticsQuestion(const v1::GetAnalyticsRequest& request);

// Whether the caller reads `org_unit`'s figures, `path` its territories (country first, as the
// registry has them now): as CanReadSubmission. UNAUTHENTICATED without a credential,
// PERMISSION_DENIED naming the org unit otherwise.
absl::Status AuthorizeAnalytics(const Principal& p, const std::string& org_unit,
                                const std::vector<std::string>& path);

// What anyone may ask without a credential: published aggregates, i.e. territories only (an
// organisation's figures are its own), published indicators only (`asked`: the question's
// indicators as stored), over accepted figures only (the caller sets `accepted_only`).
// UNAUTHENTICATED naming what needs a credential.
absl::Status AuthorizePublicOrgUnits(const AnalyticsQuestion& question);
// Whether anyone reads `org_unit`'s published aggregates: a territory.
bool IsPublicOrgUnit(const std::string& org_unit);
absl::Status AuthorizePublicIndicators(const std::vector<v1::Indicator>& asked);

// Whether reading `org_unit` needs its path from the registry (a municipality asking about
// something that is not one of its territories).
bool NeedsPath(const Principal& p, const std::string& org_unit);

// The measured indicators a question's indicators are made of (themselves, or a ratio's terms).
std::vector<std::string> MeasuredBehind(const std::vector<v1::Indicator>& asked);

// The hash keys (totals.h) to read for one indicator, org unit and period: the first hash of
// each year the period touches, and its fine hash for a day or a week, or for an indicator that
// keeps org units' own figures. (Reading both for a month's sum would count days twice.)
std::vector<std::string> TotalsKeysFor(const v1::Indicator& indicator, const std::string& org_unit,
                                       const Period& period);

// The rows: for each asked indicator x org unit x period with a value, with its target and
// progress when the asked indicator's hash of totals holds one (targets.h). `indicators` holds
// every asked indicator and every measured one behind them (by name); `totals` the hashes read (by
// key; missing: empty).
std::vector<v1::AnalyticsRow> AnswerQuestion(const AnalyticsQuestion& question,
                                             const std::map<std::string, v1::Indicator>& indicators,
                                             const std::map<std::string, Totals>& totals);

}  // namespace civitas::monitoring
