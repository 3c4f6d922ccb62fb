// When figures of a data set may be entered, and whether a report came in on time: the open
// window of each period (future periods for targets, late entry after the period ends) and the
// timeliness that completeness counts. Pure: `today` is the server's date.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "services/monitoring/domain/periods.h"

namespace civitas::monitoring {

// `period` may take figures of `data_set` on `today`: it is of the data set's period type (else
// INVALID_ARGUMENT naming `period`); it has started, or lies within the data set's open future
// periods after the current one; and it has not closed: a data set with expiry days closes a
// period that many days after its last day (0: open until approved, which the approval lock
// enforces). FAILED_PRECONDITION naming the period and the rule otherwise. An archived data set
// takes no figures.
absl::Status CheckPeriodOpen(const v1::DataSet& data_set, const Period& period,
                             absl::CivilDay today);

// Whether a report for `period` completed on `completed` counts as on time for `data_set`: by
// the period's last day plus the data set's timely days.
bool OnTime(const v1::DataSet& data_set, const Period& period, absl::CivilDay completed);

}  // namespace civitas::monitoring
