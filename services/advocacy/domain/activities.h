// Activities, pure: what a valid activity is, and a campaign's reach as the sum of its
// activities': what one activity adds, and how a change of one moves its campaign's totals.
#pragma once

#include <string>
#include <vector>

#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/common/field_violations.h"
#include "libs/common/totals.h"

namespace civitas::advocacy {

// Field checks of an activity as it will be (fields named `activity.<field>`).
void ValidateActivity(const v1::Activity& activity, Violations* v);

// What `activity` adds to its campaign's reach: nothing once archived.
v1::CampaignReach ReachOf(const v1::Activity& activity);

// The store's key of `campaign`'s reach: one hash of totals, a field per figure of
// CampaignReach. Kept beside the campaign rather than in it, so that activities recorded at once
// each add to it in their own write and never contend for the campaign.
std::string ReachTotalsKey(const std::string& campaign);

// What the change of one activity from `before` (null for a create) to `after` moves in its
// campaign's reach: a delta per figure that changes, none when its counts stay as they were.
std::vector<TotalChange> ReachChanges(const v1::Activity* before, const v1::Activity& after);

// A campaign's reach as its totals hold it (a missing figure is 0).
v1::CampaignReach ReachFromTotals(const Totals& totals);

// Largest count of participants in one entry, and of audience or views of one activity: bounds
// that keep a campaign's sums exact (200 entries x 3 counts x 10^7 per activity).
inline constexpr int64_t kMaxParticipants = 10'000'000;
inline constexpr int64_t kMaxAudience = 10'000'000'000;

}  // namespace civitas::advocacy
