// Per-period snapshots, pure: what the registry said about an org unit, captured with its figures
// when the ministry accepts them, so that later registry edits (an organisation moving, a
// service's capacity or provider changing) cannot rewrite reported history; and which
// submissions follow an org unit that moves (open ones).
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"

namespace civitas::monitoring {

// The snapshot of `org_unit` from the registry's records: `organization` (null for a territory
// org unit), `territory` (the territory org unit, or the organisation's first territory; null
// for an organisation without one), `path` (that territory's, country first) and the social
// services the organisation provides.
v1::OrgUnitSnapshot SnapshotOf(const std::string& org_unit,
                               const registry::v1::Organization* organization,
                               const registry::v1::Territory* territory,
                               std::vector<std::string> path,
                               const std::vector<registry::v1::SocialService>& services,
                               absl::Time now);

// Whether the submission's figures follow its org unit when the registry moves it: open ones.
// An approved submission stays with the municipality that approved it (it holds the lock; the
// organisation cannot move it away from its approver) until it is unapproved, which takes the
// registry's path then, or accepted, which captures it; an accepted one keeps its snapshot.
bool FollowsOrgUnitMoves(const v1::Submission& submission);

}  // namespace civitas::monitoring
