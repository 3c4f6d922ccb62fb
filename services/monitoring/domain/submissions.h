// A submission: the figures one org unit reports on one data set for one period, and where
// their approval stands. Who reads and enters them, how entered values are checked and merged
// (each change audited in the same record), and the approval steps as transitions: every change
// of a submission is one atomic write of it, so no edit lands after a lock. Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/records/transition.h"
#include "services/monitoring/domain/approvals.h"

namespace civitas::monitoring {

// Most values one SetDataValues carries, and one submission holds.
inline constexpr int kMaxValuesPerRequest = 5000;
inline constexpr int kMaxValuesPerSubmission = 20000;
// Largest a submission may grow, figures and audit together: every read answers it whole, and
// the gateway's responses are bounded (16 MiB).
inline constexpr size_t kMaxSubmissionBytes = 4 << 20;

// At most kMaxValuesPerSubmission values and kMaxSubmissionBytes serialized: a precondition
// violation under `values` otherwise (the ministry starts a new data set, or deletes figures).
void CheckSubmissionSize(const v1::Submission& submission, Violations* v);

// The unique value that makes one submission per data set, org unit and period.
std::string EntryKey(const std::string& data_set, const std::string& org_unit,
                     const std::string& period);

// A new, open submission of `data_set` for `org_unit` (whose territory path is `path`) and
// `period`, without figures yet.
v1::Submission MakeSubmission(const v1::DataSet& data_set, const std::string& org_unit,
                              const std::string& period, std::vector<std::string> path);

// The org unit's own people (an organisation as org unit), the municipality responsible for its
// territory, the ministry, admins, the ministry's data warehouse (role `warehouse`), and the
// people of the organisation funding the submission's attribution (ReadsAsFunder).
bool CanReadSubmission(const Principal& p, const v1::Submission& submission);

// Whether `after` holds other figures than `before` (a value, comment, follow-up flag or who
// entered it changed, or a figure was added or removed). An archived data set takes no more of
// them; its submissions' approvals and moves still go on.
bool FiguresChanged(const v1::Submission& before, const v1::Submission& after);
// FAILED_PRECONDITION when `data_set` takes no more figures (it is archived).
absl::Status CheckTakesFigures(const v1::DataSet& data_set);
// Whether `p` is of `funder`, the organisation funding an attribution (a donor: what is reported
// on its programmes and their grants is its to read, whoever reported it).
bool ReadsAsFunder(const Principal& p, const std::string& funder);
// The same rule for anything about an org unit whose territories are `path`.
bool ReadsOrgUnit(const Principal& p, const std::string& org_unit,
                  const std::vector<std::string>& path);

// Entering figures for `org_unit` (territory path `path`): an admin; the org unit's own people
// (role cso or municipality) when it is an organisation; the municipality responsible when it
// is a territory.
// UNAUTHENTICATED without a token, PERMISSION_DENIED otherwise.
absl::Status AuthorizeEntry(const Principal& p, const std::string& org_unit,
                            const std::vector<std::string>& path);

// A value as checked: canonical, its options in the indicator's order, its combination's key.
struct CheckedValue {
  v1::DataValue value;
  std::string combination;
  bool remove = false;
  std::string reason;
};

// What the request's values need read: each named indicator (null: missing) and, by category
// name, the categories of those indicators.
struct EntryFacts {
  std::map<std::string, const v1::Indicator*> indicators;
  std::map<std::string, v1::Category> categories;
  // Optional, for many checks against the same facts (an import): each indicator's categories
  // in its order, those missing left out; made from the two above when absent.
  std::map<std::string, std::vector<v1::Category>> categories_of;
};

// `facts.categories_of` filled for every indicator of `facts`.
void IndexCategories(EntryFacts* facts);

// The request's values checked against the data set and the facts: 1 to kMaxValuesPerRequest
// values; each of an indicator of the data set (active and measured), of the indicator's type
// and one of its option combinations, each indicator and combination once; a deletion with a
// reason. Violations name `values[i].<field>`.
std::vector<CheckedValue> CheckValues(const v1::SetDataValuesRequest& request,
                                      const v1::DataSet& data_set, const EntryFacts& facts,
                                      Violations* v);

// A stored figure's option combination key (`FEMALE.AGE_65_PLUS`, `default` without categories).
std::string CombinationOfStored(const v1::DataValue& value);
// The same into `out` (its buffer reused).
void AssignCombinationOfStored(const v1::DataValue& value, std::string* out);

// Sets and removes `values` in `submission`, recording each real change in its audit (a value
// set to what it already is, with the same comment and flag, changes nothing) as `by` at `now`,
// in the submission's `version` (the one its write makes): each figure set carries it, each
// figure removed leaves a tombstone carrying it (entering the figure again lifts it). Whether
// anything changed.
bool ApplyValues(const std::vector<CheckedValue>& values, const std::string& by, absl::Time now,
                 int64_t version, v1::Submission* submission);

// Where the approval stands, and the record of a step.
ApprovalStatus ApprovalOf(const v1::Submission& submission);
void RecordApproval(const ApprovalStatus& status, v1::Submission* submission);

// Entering figures into an existing submission: refused while it is locked (naming who holds the
// lock), and when the submission would hold more than kMaxValuesPerSubmission values.
records::Transition<v1::Submission> SetValuesTransition(std::vector<CheckedValue> values,
                                                        Principal caller, absl::Time now);

// The approval steps by `caller` (domain/approvals.h's rules): OPEN -> APPROVED -> ACCEPTED and
// back, each undo with a reason.
records::Transition<v1::Submission> ApproveTransition(Principal caller, absl::Time now);
// Accepting records `snapshot` (the org unit's registry facts, read for this acceptance); the
// submission keeps the path it was approved at (where it was reported from, and who approved
// it), so unaccepting gives it back to its approver. Refused when the snapshot was not captured
// (its capture time unset: the submission changed while it was read). Unaccepting clears it.
records::Transition<v1::Submission> AcceptTransition(Principal caller, absl::Time now,
                                                     v1::OrgUnitSnapshot snapshot);
// Whether `caller` may accept the submission as it is (AcceptTransition's authorization).
bool MayAccept(const Principal& caller, const v1::Submission& submission, absl::Time now);
// Unapproving also takes `path` when given: where the registry says the org unit lies now (an
// approved submission stays where it was approved; open again, it follows its org unit).
records::Transition<v1::Submission> UnapproveTransition(
    Principal caller, std::string reason, absl::Time now,
    std::optional<std::vector<std::string>> path = std::nullopt);
// Whether `caller` may unapprove the submission as it is, with `reason`.
bool MayUnapprove(const Principal& caller, const v1::Submission& submission,
                  const std::string& reason, absl::Time now);
records::Transition<v1::Submission> UnacceptTransition(Principal caller, std::string reason,
                                                       absl::Time now);

// An org unit moved in the registry: an open submission takes `path` (its totals move with it in
// the same write); an approved one stays with the municipality that approved it and an accepted
// one keeps its snapshot (FAILED_PRECONDITION). For background jobs only; moving to the path it
// has writes nothing.
records::Transition<v1::Submission> RehomeTransition(std::vector<std::string> path);

}  // namespace civitas::monitoring
