// What the records of a campaign (activities, commitments, policy items) read of their campaign,
// through the request's reads (a List page's checks read each campaign once): whether the caller
// may read it, and whether it still takes the change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/common/field_violations.h"
#include "libs/records/read_record.h"
#include "libs/records/record_rules.h"
#include "libs/store/write_plan.h"

namespace civitas::advocacy {

// The campaign `name` when it exists and the caller may read it; nullopt otherwise (a campaign
// the caller may not read is, to it, missing).
absl::StatusOr<std::optional<records::StoredRecord<v1::Campaign>>> ReadableCampaign(
    const records::RuleContext& ctx, const std::string& name);

// Whether the caller may read the campaign `name` (and so the records of it).
bool CanReadCampaignOf(const records::RuleContext& ctx, const std::string& name);

// Reads the campaigns of a List page's records together.
absl::Status PrefetchCampaigns(const records::RuleContext& ctx,
                               const std::vector<std::string>& names);

// The store's counter of a campaign's open commitments (made or in progress): moved in the write
// of each commitment change, required 0 by the campaign's archiving (so that no open commitment
// is stranded in an archived campaign, where it could no longer change).
CounterChange OpenCommitmentsOf(const std::string& campaign, int64_t delta);

// Which campaigns a record of a campaign may be changed in.
enum class CampaignNeed {
  // Planned, active or paused: records are added and edited (a closed campaign is frozen).
  kOpen,
  // Any but archived: commitments and policy items are followed after the campaign closed.
  kNotArchived,
};

// Adds a violation under `field` when the campaign `name` is missing for the caller, or a
// precondition when it is not in a state `need` allows; otherwise the reference the write
// re-checks (the campaign still in such a state when it applies). Returns the campaign read.
absl::StatusOr<std::optional<records::StoredRecord<v1::Campaign>>> RequireCampaign(
    const records::RuleContext& ctx, const std::string& name, CampaignNeed need,
    const std::string& field, Violations* v, std::vector<Reference>* references);

}  // namespace civitas::advocacy
