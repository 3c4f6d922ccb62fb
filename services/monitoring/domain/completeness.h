// Completeness: who has reported a data set for a period. Each org unit assigned to the data set
// reported on time (its first figures entered by the period's last day plus the data set's
// timely days), late, or not at all. Pure: app/ reads the period's submissions.
#pragma once

#include <vector>

#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "services/monitoring/domain/periods.h"

namespace civitas::monitoring {

// The completeness of `data_set` for `period` from its `submissions` for that period (any
// order; those of org units no longer assigned are left out). A submission without figures
// counts as missing. Only the org units `p` may see: every one for the ministry, admins and the
// warehouse; for a municipality, those whose submissions it may read (a missing one: a territory
// org unit of its own territories). Counts are of the rows shown.
v1::Completeness CompletenessOf(const Principal& p, const v1::DataSet& data_set,
                                const Period& period,
                                const std::vector<v1::Submission>& submissions);

// Whether `p` may ask for completeness at all: the ministry, admins, the warehouse and
// municipalities (who see their own territories').
bool SeesCompleteness(const Principal& p);

}  // namespace civitas::monitoring
