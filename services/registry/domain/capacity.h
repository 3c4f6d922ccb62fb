// Capacity development, pure: what a valid training programme and event are, and a programme's
// cohort figures from its events, the attending organisations' assessments for it and their
// social services.
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "civitas/registry/v1/capacity.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/common/field_violations.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;

// Field checks (fields `training_programme.<field>`).
void ValidateTrainingProgramme(const v1::TrainingProgramme& p, Violations* v);

// Field checks (fields `training_event.<field>`).
void ValidateTrainingEvent(const v1::TrainingEvent& e, Violations* v);

// The cohort of `programme`: the organisations attending its `events` (drafts and archived ones
// left out),
// their `organizations` records (with their assessments) and the social services they provide
// (`services`), as of `today`.
v1::CohortFigures CohortFiguresOf(const v1::TrainingProgramme& programme,
                                  const std::vector<v1::TrainingEvent>& events,
                                  const std::vector<v1::Organization>& organizations,
                                  const std::vector<v1::SocialService>& services,
                                  absl::CivilDay today);

// The organisations attending `events` (not drafts, not archived), each once, in first-seen
// order.
std::vector<std::string> AttendingOrganizations(const std::vector<v1::TrainingEvent>& events);

}  // namespace civitas::registry
