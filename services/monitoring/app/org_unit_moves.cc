#include "services/monitoring/app/org_unit_moves.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "libs/records/record.h"
#include "services/monitoring/app/org_unit_path.h"
#include "services/monitoring/domain/snapshots.h"
#include "services/monitoring/domain/submissions.h"

namespace civitas::monitoring {

absl::Status OrgUnitMoves::Handle(const events::DeliveredEvent& delivered, const Principal& job) {
  // Territories never move (a parent is fixed); organisations do. Other records are not ours.
  if (delivered.event.collection != aip::CollectionOf<registry::v1::Organization>()) {
    return absl::OkStatus();
  }
  const std::string& org_unit = delivered.event.resource_name;
  if (!aip::IsNameOf<registry::v1::Organization>(org_unit)) return absl::OkStatus();
  // A new organisation has no figures yet (entering them asks the registry where it lies): a bulk
  // load of the registry costs nothing here.
  if (absl::EndsWith(delivered.event.type, ".created")) return absl::OkStatus();
  // Open ones only (the others do not follow): an organisation's years of approved and accepted
  // reports are not read on every edit of its record. In every keyspace (an index read each):
  // where the organisation lies is asked of the registry only when it has open figures.
  ASSIGN_OR_RETURN(
      std::vector<v1::Submission> open,
      submissions_->ScanAll({absl::StrCat("org_unit=", org_unit),
                             records::StateIndex<v1::Submission>(v1::SUBMISSION_OPEN)}));
  // Most organisation events (every one a registry's bulk load makes) are of organisations with
  // no open figures: the registry is not asked about those.
  std::erase_if(open, [](const v1::Submission& s) { return !FollowsOrgUnitMoves(s); });
  if (open.empty()) return absl::OkStatus();
  clients::CallContext ctx;
  ctx.correlation_id = delivered.event.correlation_id;
  absl::StatusOr<std::vector<std::string>> path = OrgUnitPath(registry_, org_unit, ctx);
  if (path.status().code() == absl::StatusCode::kInvalidArgument) {
    return absl::OkStatus();  // no longer in the registry: nothing to follow
  }
  if (!path.ok()) return path.status();  // left pending, retried
  return Rehome(open, *path, job, ctx).status();
}

absl::StatusOr<int> OrgUnitMoves::Rehome(const std::vector<v1::Submission>& open,
                                         const std::vector<std::string>& path, const Principal& job,
                                         const clients::CallContext& ctx) {
  int moved = 0;
  for (const v1::Submission& submission : open) {
    if (std::equal(path.begin(), path.end(), submission.org_unit_path().begin(),
                   submission.org_unit_path().end())) {
      continue;
    }
    const records::Request r(job, ctx);
    // Its figures move to the new path's territories: recorded when they are another country's
    // than its keyspace's.
    RETURN_IF_ERROR(
        submissions_->NoteTotalsOf(path, SubmissionStores::KeyspaceOfName(submission.name())));
    ASSIGN_OR_RETURN(records::RecordService<v1::Submission> * in,
                     submissions_->RecordsOf(submission.name()));
    absl::StatusOr<v1::Submission> after =
        in->Apply(r, submission.name(), "", RehomeTransition(path));
    // Accepted since it was read: it keeps its snapshot.
    if (after.status().code() == absl::StatusCode::kFailedPrecondition) continue;
    if (!after.ok()) return after.status();
    ++moved;
  }
  return moved;
}

}  // namespace civitas::monitoring
