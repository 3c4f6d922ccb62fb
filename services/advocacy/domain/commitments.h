// Commitments, pure: what a valid commitment and its evidence are, who records them (the
// campaign's lead, CO_LEADs and MEMBERs), their state changes made -> in progress -> fulfilled |
// broken | withdrawn (each with its evidence), and when one is overdue and alerted once.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/records/record.h"
#include "libs/records/transition.h"

namespace civitas::advocacy {

// Field checks of a commitment as it will be (fields `commitment.<field>`), dates against
// `today`.
void ValidateCommitment(const v1::Commitment& commitment, absl::CivilDay today, Violations* v);

// Field checks of a piece of evidence (fields `<field>.<part>`).
void ValidateEvidence(const v1::CommitmentEvidence& evidence, absl::CivilDay today,
                      const std::string& field, Violations* v);

// The standard changes of a commitment of `campaign`: create and update by its lead, CO_LEADs
// and MEMBERs (an update only while made or in progress); archive by its lead and CO_LEADs.
absl::Status AuthorizeCommitmentChange(const Principal& p, records::Change change,
                                       const v1::Commitment* before, const v1::Campaign& campaign);

// Pieces of evidence one commitment keeps (every read answers them all).
inline constexpr int kMaxEvidence = 200;

// What a commitment action does.
enum class CommitmentAction { kStart, kFulfil, kBreak, kWithdraw, kAddEvidence };

// The transition of `action` on a commitment of `campaign`, recording `evidence` (required) by
// `actor` at `now`.
records::Transition<v1::Commitment> CommitmentTransition(CommitmentAction action,
                                                         const v1::Campaign& campaign,
                                                         const v1::CommitmentEvidence& evidence,
                                                         const std::string& actor, absl::Time now);

// Made or in progress: followed, and counted against its campaign's archiving.
bool IsOpenCommitment(v1::CommitmentState state);
// How a change from `before` (null for a create) to `after` moves its campaign's count of open
// commitments: +1, -1 or 0.
int OpenCommitmentsDelta(const v1::Commitment* before, const v1::Commitment& after);

// Made or in progress, and due before `today`.
bool IsOverdue(const v1::Commitment& commitment, absl::CivilDay today);
// Whole days from its due date to `today` (0 when not past it).
int DaysOverdue(const v1::Commitment& commitment, absl::CivilDay today);

// The overdue alert, once: a background job's only (event `commitment.overdue`); refused
// FAILED_PRECONDITION when the commitment is not overdue on `today` or was alerted already.
records::Transition<v1::Commitment> OverdueAlertTransition(absl::CivilDay today, absl::Time now);

}  // namespace civitas::advocacy
