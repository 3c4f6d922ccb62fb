// Activities, pure: what a valid activity is, and a campaign's reach as the sum of its
// activities': what one activity adds, and how a change of one moves its campaign's totals.
#pragma once

#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/common/field_violations.h"

namespace civitas::advocacy {

// Field checks of an activity as it will be (fields named `activity.<field>`).
void ValidateActivity(const v1::Activity& activity, Violations* v);

// What `activity` adds to its campaign's reach: nothing once archived.
v1::CampaignReach ReachOf(const v1::Activity& activity);

// `reach` plus `sign` times `delta` (sign +1 or -1).
void AddReach(const v1::CampaignReach& delta, int sign, v1::CampaignReach* reach);

// The campaign's reach after `before` (null for a create) became `after`; false when it does not
// move.
bool MoveReach(const v1::Activity* before, const v1::Activity& after, v1::CampaignReach* reach);

// Largest count of participants in one entry, and of audience or views of one activity: bounds
// that keep a campaign's sums exact (200 entries x 3 counts x 10^7 per activity).
inline constexpr int64_t kMaxParticipants = 10'000'000;
inline constexpr int64_t kMaxAudience = 10'000'000'000;

}  // namespace civitas::advocacy
