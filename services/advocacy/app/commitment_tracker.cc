#include "services/advocacy/app/commitment_tracker.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/advocacy/app/campaign_reads.h"

namespace civitas::advocacy {

absl::StatusOr<v1::Commitment> CommitmentTracker::Act(const records::Request& r,
                                                      CommitmentAction action,
                                                      const std::string& name,
                                                      const std::string& etag,
                                                      const v1::CommitmentEvidence& evidence) {
  const records::RuleContext ctx = r.RulesContext(store_);
  // The campaign decides who may act; a commitment the caller may not read is missing.
  ASSIGN_OR_RETURN(auto commitment, records::ReadNamed<v1::Commitment>(ctx.reads, name));
  std::optional<records::StoredRecord<v1::Campaign>> campaign;
  if (commitment.has_value()) {
    ASSIGN_OR_RETURN(campaign, ReadableCampaign(ctx, commitment->record.campaign()));
  }
  if (!campaign.has_value()) {
    // Answered as Get answers it: a malformed name, or a commitment missing for the caller.
    ASSIGN_OR_RETURN(v1::Commitment found, commitments_->Get(r, name));
    return absl::NotFoundError(absl::StrCat(found.name(), " does not exist"));
  }
  return commitments_->Apply(
      r, name, etag,
      CommitmentTransition(action, campaign->record, evidence, r.caller().subject, clock_->Now()));
}

absl::StatusOr<std::vector<v1::Commitment>> CommitmentTracker::Open(const std::string& campaign) {
  std::vector<v1::Commitment> out;
  for (const v1::CommitmentState state : {v1::COMMITMENT_MADE, v1::COMMITMENT_IN_PROGRESS}) {
    std::vector<std::string> indexes = {records::StateIndex<v1::Commitment>(state)};
    if (!campaign.empty()) indexes.push_back(absl::StrCat("campaign=", campaign));
    ASSIGN_OR_RETURN(std::vector<v1::Commitment> some,
                     records::ScanAll<v1::Commitment>(store_, std::move(indexes)));
    for (v1::Commitment& c : some) out.push_back(std::move(c));
  }
  return out;
}

absl::StatusOr<v1::ListOverdueCommitmentsResponse> CommitmentTracker::Overdue(
    const records::Request& r, const std::string& campaign) {
  Violations v;
  aip::CheckNameOf<v1::Campaign>(campaign, "campaign", false, &v);
  RETURN_IF_ERROR(v.ToStatus());
  const absl::CivilDay today = absl::ToCivilDay(clock_->Now(), absl::UTCTimeZone());
  ASSIGN_OR_RETURN(std::vector<v1::Commitment> open, Open(campaign));
  const records::RuleContext ctx = r.RulesContext(store_);
  std::vector<std::string> campaigns;
  for (const v1::Commitment& c : open) {
    if (IsOverdue(c, today)) campaigns.push_back(c.campaign());
  }
  RETURN_IF_ERROR(PrefetchCampaigns(ctx, campaigns));
  v1::ListOverdueCommitmentsResponse out;
  for (v1::Commitment& c : open) {
    if (!IsOverdue(c, today) || !CanReadCampaignOf(ctx, c.campaign())) continue;
    v1::OverdueCommitment& row = *out.add_commitments();
    row.set_days_overdue(DaysOverdue(c, today));
    *row.mutable_commitment() = std::move(c);
  }
  std::sort(out.mutable_commitments()->begin(), out.mutable_commitments()->end(),
            [](const v1::OverdueCommitment& a, const v1::OverdueCommitment& b) {
              if (a.days_overdue() != b.days_overdue()) return a.days_overdue() > b.days_overdue();
              return a.commitment().name() < b.commitment().name();
            });
  return out;
}

absl::StatusOr<int> CommitmentTracker::AlertOverdue(const Principal& job) {
  const absl::Time now = clock_->Now();
  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  ASSIGN_OR_RETURN(std::vector<v1::Commitment> open, Open(""));
  int sent = 0;
  absl::Status first_failure;
  for (const v1::Commitment& c : open) {
    if (!IsOverdue(c, today) || c.has_overdue_alert_time()) continue;
    // At the etag read: a replica that alerted first makes this write ABORTED (or, re-read,
    // FAILED_PRECONDITION: alerted already), and it is skipped.
    auto alerted = commitments_->Apply(records::Request(job), c.name(), c.etag(),
                                       OverdueAlertTransition(today, now));
    if (alerted.ok()) {
      ++sent;
      continue;
    }
    const absl::StatusCode code = alerted.status().code();
    // Another replica first, or the commitment moved on: nothing to do. The store away: the
    // next pass. Anything else is this commitment's alone and does not stop the others'.
    if (code == absl::StatusCode::kUnavailable || code == absl::StatusCode::kDeadlineExceeded) {
      return alerted.status();
    }
    if (code != absl::StatusCode::kAborted && code != absl::StatusCode::kFailedPrecondition &&
        first_failure.ok()) {
      first_failure = absl::Status(code, absl::StrCat(c.name(), ": ", alerted.status().message()));
    }
  }
  if (!first_failure.ok() && sent == 0) return first_failure;
  return sent;
}

}  // namespace civitas::advocacy
