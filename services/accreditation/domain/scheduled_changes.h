// What the passing of days changes, recorded by the service's own scheduler (a background job)
// and by no caller: a certificate's standing (expiry, a suspension's end), its expiry alerts, and
// the alerts for a decided case's overdue corrective actions. Each is a transition the scheduler
// writes at the etag it read, so that replicas record each change once. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/records/transition.h"

namespace civitas::accreditation {

// Only a background job: PERMISSION_DENIED for anyone else.
absl::Status AuthorizeScheduler(const Principal& p);

// Whether `c`'s standing changes on `today` (it expired, or its shown state moves); `expired`
// says which. The change is StandingTransition's.
bool StandingChanges(const v1::Certificate& c, absl::CivilDay today, absl::Time now, bool* expired);
records::Transition<v1::Certificate> StandingTransition(bool expired, absl::CivilDay today,
                                                        absl::Time now);

// Records the expiry alert of `threshold` days, refused (FAILED_PRECONDITION) unless it is still
// due under `thresholds` on `today`.
records::Transition<v1::Certificate> ExpiryAlertTransition(int32_t threshold, absl::CivilDay today,
                                                           std::vector<int32_t> thresholds);

// Whether a decided case has an overdue corrective action not alerted yet.
bool HasUnalertedOverdueActions(const v1::AccreditationCase& c, absl::CivilDay today);
// Marks every open action past its deadline alerted; refused when none is left to alert.
records::Transition<v1::AccreditationCase> OverdueAlertsTransition(absl::CivilDay today);

}  // namespace civitas::accreditation
