// Results frameworks, pure: a programme's or grant's active targets grouped by indicator and org
// unit, the analytics questions that give their actuals (accepted figures only: what is
// published), and the framework answered from both (BatchGetResults).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "services/monitoring/domain/analytics.h"

namespace civitas::monitoring {

// INVALID_ARGUMENT naming each bad field: 1 to 100 attributions, each a programme or a grant.
absl::Status CheckResultsRequest(const v1::BatchGetResultsRequest& request);

// An indicator at an org unit with its targets.
struct ResultGroup {
  std::string indicator;
  std::string org_unit;
  // Active targets with a valid period, earliest period first.
  std::vector<v1::Target> targets;
};

// The active targets by indicator and org unit, in the order of their first target.
std::vector<ResultGroup> GroupTargets(const std::vector<v1::Target>& targets,
                                      const std::string& attribution);

// The analytics questions giving a group's actuals (its periods, at most 50 a question), over
// the accepted figures reported on `attribution`.
std::vector<AnalyticsQuestion> ActualsQuestions(const ResultGroup& group,
                                                const std::string& attribution);

// The framework's entry for a group: the indicator's facts, the earliest baseline, each target's
// period with its target and, when `actuals` (rows by period code) has one, its actual.
v1::ResultIndicator ResultIndicatorOf(const ResultGroup& group, const v1::Indicator& indicator,
                                      const std::map<std::string, v1::AnalyticsRow>& actuals);

}  // namespace civitas::monitoring
