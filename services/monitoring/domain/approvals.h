// Approval of reported figures, per data set x org unit x period, in three levels: the CSO (or
// whoever reports) enters figures while the period is open; the municipality responsible for the
// org unit's territory approves them; the ministry accepts them. Approved figures are locked: an
// edit is refused naming the lock and who holds it. The level above undoes a step with a reason
// (the ministry unaccepts; the municipality, or the ministry, unapproves while not accepted).
// Each step and each edit is one atomic write of the same record, so an edit can never land
// after the lock (app/ writes them so). Pure.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/auth/principal.h"

namespace civitas::monitoring {

enum class ApprovalLevel { kOpen, kApproved, kAccepted };

// Where one data set x org unit x period stands, and the step that put it there.
struct ApprovalStatus {
  ApprovalLevel level = ApprovalLevel::kOpen;
  // Who took the step, when, and (for an undo) why; empty while it was never approved.
  std::string by;
  absl::Time at;
  std::string reason;
};

// `OPEN`, `APPROVED`, `ACCEPTED`.
const char* ApprovalLevelName(ApprovalLevel level);

// Whether `p` may approve for an org unit whose territory path (country first, the org unit's
// own territory last) is `org_unit_path`: an admin, or a municipality responsible for one of
// those territories.
bool ApprovesFor(const Principal& p, const std::vector<std::string>& org_unit_path);

// Figures may be entered or changed: OK while open; FAILED_PRECONDITION naming the lock, who
// holds it and since when, and whom to ask, otherwise.
absl::Status CheckEditable(const ApprovalStatus& status);

// The steps: each checks who may take it and from which level, and returns the new status.
// UNAUTHENTICATED without a token, PERMISSION_DENIED for the wrong caller, FAILED_PRECONDITION
// naming the current level, INVALID_ARGUMENT naming `reason` when an undo has none.
absl::StatusOr<ApprovalStatus> Approve(const ApprovalStatus& status, const Principal& p,
                                       const std::vector<std::string>& org_unit_path,
                                       absl::Time now);
absl::StatusOr<ApprovalStatus> Accept(const ApprovalStatus& status, const Principal& p,
                                      absl::Time now);
absl::StatusOr<ApprovalStatus> Unapprove(const ApprovalStatus& status, const Principal& p,
                                         const std::vector<std::string>& org_unit_path,
                                         const std::string& reason, absl::Time now);
absl::StatusOr<ApprovalStatus> Unaccept(const ApprovalStatus& status, const Principal& p,
                                        const std::string& reason, absl::Time now);

}  // namespace civitas::monitoring
