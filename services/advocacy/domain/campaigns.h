// Campaigns, pure: who acts on a campaign (its lead organisation, its coalition by role, admins),
// who reads it, what a valid campaign is, and its state changes (plan -> active <-> paused ->
// closed, each with who, when and why in its history).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/records/record.h"
#include "libs/records/transition.h"

namespace civitas::advocacy {

// The caller's part in a campaign, strongest first.
enum class CampaignPart { kAdmin, kLead, kCoLead, kMember, kSupporter, kNone };

// The part of `p` in `campaign`: admins are kAdmin; a caller acting for the lead organisation is
// kLead; one acting for a coalition member has the member's role; anyone else kNone.
CampaignPart PartIn(const Principal& p, const v1::Campaign& campaign);

// Published campaigns to anyone (anonymous callers too); others to the lead, the coalition
// (supporters included), admins and this service's background jobs.
bool CanReadCampaign(const Principal& p, const v1::Campaign& campaign);

// Changes of the campaign itself (fields, state, archive): admins, the lead and CO_LEADs.
// PERMISSION_DENIED names the rule.
absl::Status AuthorizeCampaignSteering(const Principal& p, const v1::Campaign& campaign);

// Activities of the campaign (and its commitments, policy items and citations: `what` says
// which, e.g. "record its commitments"): admins, the lead, CO_LEADs and MEMBERs.
absl::Status AuthorizeActivityRecording(const Principal& p, const v1::Campaign& campaign,
                                        const std::string& what = "record its activities");

// The standard changes: a create is led by the caller's own organisation (an admin names any);
// an update needs the campaign open (not closed); an archive a planned or closed campaign.
absl::Status AuthorizeCampaignChange(const Principal& p, records::Change change,
                                     const v1::Campaign* before, const v1::Campaign& after);

// Field checks of a campaign as it will be (fields named `campaign.<field>`).
void ValidateCampaign(const v1::Campaign& campaign, Violations* v);

// Whether activities may be recorded, changed or deleted in a campaign in `state`.
bool TakesActivities(v1::CampaignState state);

// The custom methods' transitions; `actor` and `now` go into the state history, `reason` too
// (required by pause and close: INVALID_ARGUMENT naming `reason` without one).
records::Transition<v1::Campaign> ActivateCampaignTransition(const std::string& actor,
                                                             absl::Time now);
records::Transition<v1::Campaign> PauseCampaignTransition(const std::string& actor,
                                                          const std::string& reason,
                                                          absl::Time now);
records::Transition<v1::Campaign> ResumeCampaignTransition(const std::string& actor,
                                                           absl::Time now);
records::Transition<v1::Campaign> CloseCampaignTransition(const std::string& actor,
                                                          const std::string& reason,
                                                          absl::Time now);

// Longest reason of a state change, in characters.
inline constexpr size_t kMaxReasonLength = 1000;

}  // namespace civitas::advocacy
