#include "services/monitoring/domain/approvals.h"

#include <algorithm>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/aip/field_checks.h"
#include "services/monitoring/domain/access_policy.h"

namespace civitas::monitoring {
namespace {

absl::Status Anonymous(const char* what) {
  return absl::UnauthenticatedError(absl::StrCat(what, " needs a bearer token"));
}

absl::Status NotAt(const ApprovalStatus& status, const char* step, const char* needs) {
  return absl::FailedPreconditionError(absl::StrCat(step, ": the figures are ",
                                                    ApprovalLevelName(status.level), "; ", step,
                                                    " needs them ", needs));
}

absl::Status CheckReason(const std::string& reason) {
  if (reason.empty() || aip::CharacterCount(reason) > 2000) {
    return absl::InvalidArgumentError("reason: is required (1 to 2000 characters): say why");
  }
  return absl::OkStatus();
}

ApprovalStatus StepTo(ApprovalLevel level, const Principal& p, absl::Time now,
                      std::string reason = "") {
  return {level, p.subject, now, std::move(reason)};
}

}  // namespace

const char* ApprovalLevelName(ApprovalLevel level) {
  switch (level) {
    case ApprovalLevel::kOpen:
      return "OPEN";
    case ApprovalLevel::kApproved:
      return "APPROVED";
    case ApprovalLevel::kAccepted:
      return "ACCEPTED";
  }
  return "OPEN";
}

bool ApprovesFor(const Principal& p, const std::vector<std::string>& org_unit_path) {
  if (p.HasRole(kRoleAdmin)) return true;
  if (!p.HasRole(kRoleMunicipality)) return false;
  return std::any_of(p.territories.begin(), p.territories.end(), [&](const std::string& t) {
    return std::find(org_unit_path.begin(), org_unit_path.end(), t) != org_unit_path.end();
  });
}

absl::Status CheckEditable(const ApprovalStatus& status) {
  switch (status.level) {
    case ApprovalLevel::kOpen:
      return absl::OkStatus();
    case ApprovalLevel::kApproved:
      // Approved again by the ministry's undo of its acceptance (the one step to APPROVED that
      // gives a reason): the last step is the ministry's, the approval still the municipality's.
      if (!status.reason.empty()) {
        return absl::FailedPreconditionError(
            absl::StrCat("locked: approved (its acceptance undone by ", status.by, " on ",
                         absl::FormatTime(absl::RFC3339_sec, status.at, absl::UTCTimeZone()), ": ",
                         status.reason,
                         "); ask the municipality (or the ministry) to unapprove before editing"));
      }
      return absl::FailedPreconditionError(
          absl::StrCat("locked: approved by ", status.by, " on ",
                       absl::FormatTime(absl::RFC3339_sec, status.at, absl::UTCTimeZone()),
                       "; ask the municipality (or the ministry) to unapprove before editing"));
    case ApprovalLevel::kAccepted:
      return absl::FailedPreconditionError(
          absl::StrCat("locked: accepted by ", status.by, " on ",
                       absl::FormatTime(absl::RFC3339_sec, status.at, absl::UTCTimeZone()),
                       "; ask the ministry to unaccept, then the municipality to unapprove"));
  }
  return absl::OkStatus();
}

absl::StatusOr<ApprovalStatus> Approve(const ApprovalStatus& status, const Principal& p,
                                       const std::vector<std::string>& org_unit_path,
                                       absl::Time now) {
  if (p.anonymous()) return Anonymous("approving");
  if (!ApprovesFor(p, org_unit_path)) {
    return absl::PermissionDeniedError(
        "approving is for the municipality responsible for the org unit's territory");
  }
  if (status.level != ApprovalLevel::kOpen) return NotAt(status, "approving", "OPEN");
  return StepTo(ApprovalLevel::kApproved, p, now);
}

absl::StatusOr<ApprovalStatus> Accept(const ApprovalStatus& status, const Principal& p,
                                      absl::Time now) {
  if (p.anonymous()) return Anonymous("accepting");
  if (!DefinesMetadata(p)) {
    return absl::PermissionDeniedError("accepting is reserved to the ministry (role ministry)");
  }
  if (status.level != ApprovalLevel::kApproved) return NotAt(status, "accepting", "APPROVED");
  return StepTo(ApprovalLevel::kAccepted, p, now);
}

absl::StatusOr<ApprovalStatus> Unapprove(const ApprovalStatus& status, const Principal& p,
                                         const std::vector<std::string>& org_unit_path,
                                         const std::string& reason, absl::Time now) {
  if (p.anonymous()) return Anonymous("unapproving");
  if (!DefinesMetadata(p) && !ApprovesFor(p, org_unit_path)) {
    return absl::PermissionDeniedError(
        "unapproving is for the municipality responsible for the org unit, or the ministry");
  }
  if (status.level != ApprovalLevel::kApproved) {
    return NotAt(
        status, "unapproving",
        status.level == ApprovalLevel::kAccepted ? "APPROVED (unaccept first)" : "APPROVED");
  }
  if (absl::Status s = CheckReason(reason); !s.ok()) return s;
  return StepTo(ApprovalLevel::kOpen, p, now, reason);
}

absl::StatusOr<ApprovalStatus> Unaccept(const ApprovalStatus& status, const Principal& p,
                                        const std::string& reason, absl::Time now) {
  if (p.anonymous()) return Anonymous("unaccepting");
  if (!DefinesMetadata(p)) {
    return absl::PermissionDeniedError("unaccepting is reserved to the ministry (role ministry)");
  }
  if (status.level != ApprovalLevel::kAccepted) return NotAt(status, "unaccepting", "ACCEPTED");
  if (absl::Status s = CheckReason(reason); !s.ok()) return s;
  return StepTo(ApprovalLevel::kApproved, p, now, reason);
}

}  // namespace civitas::monitoring
