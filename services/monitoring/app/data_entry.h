// DataEntry: figures entered and approved. SetValues checks the request against the data set,
// its period's window, the org unit's place in the registry and the indicators' types and
// option combinations, then writes the one submission of that data set, org unit and period:
// made by the first figures, changed by the next (SetValuesTransition: refused once approved).
// The approval steps are the submission's transitions. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/read_record.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"
#include "services/monitoring/app/submission_stores.h"

namespace civitas::monitoring {

class DataEntry {
 public:
  DataEntry(clients::RegistryClient* registry, SubmissionStores* submissions, const Clock* clock)
      : store_(submissions->home()),
        registry_(registry),
        submissions_(submissions),
        clock_(clock) {}

  absl::StatusOr<v1::Submission> SetValues(const records::Request& r,
                                           const v1::SetDataValuesRequest& request);
  absl::StatusOr<v1::Submission> Approve(const records::Request& r,
                                         const v1::SubmissionActionRequest& request);
  absl::StatusOr<v1::Submission> Accept(const records::Request& r,
                                        const v1::SubmissionActionRequest& request);
  absl::StatusOr<v1::Submission> Unapprove(const records::Request& r,
                                           const v1::SubmissionActionRequest& request);
  absl::StatusOr<v1::Submission> Unaccept(const records::Request& r,
                                          const v1::SubmissionActionRequest& request);
  // The approval step `request.action()` on the submission of a data set, org unit and period.
  absl::StatusOr<v1::Submission> DecideApproval(const records::Request& r,
                                                const v1::DecideApprovalRequest& request);
  // Who has reported `request.data_set()` for `request.period()` (domain/completeness.h).
  absl::StatusOr<v1::Completeness> Completeness(const records::Request& r,
                                                const v1::GetCompletenessRequest& request);

 private:
  // The acceptance of `name` with its org unit's registry facts, captured first when the caller
  // may accept it (anyone else is refused by the transition, with nothing asked of the registry).
  absl::StatusOr<v1::Submission> AcceptCapturing(const records::Request& r, const std::string& name,
                                                 const std::string& etag);

  // Unapproving `name`, which takes the registry's path for its org unit (open again, it follows
  // its org unit), read first when the caller may unapprove it.
  absl::StatusOr<v1::Submission> UnapproveRehoming(const records::Request& r,
                                                   const std::string& name, const std::string& etag,
                                                   const std::string& reason);

  // The id of the submission whose entry key is `key` in `keyspace`, if any (none in a country
  // nothing was written in yet, which this does not record).
  absl::StatusOr<std::optional<std::string>> FindEntry(const records::Request& r,
                                                       const std::string& keyspace,
                                                       const std::string& key);
  // `transition` applied to the submission `name`, in its keyspace.
  absl::StatusOr<v1::Submission> ApplyTo(const records::Request& r, const std::string& name,
                                         const std::string& etag,
                                         const records::Transition<v1::Submission>& transition);
  // The submission `name` as stored, read with the request's reads of its keyspace.
  absl::StatusOr<std::optional<records::StoredRecord<v1::Submission>>> ReadSubmission(
      const records::Request& r, const std::string& name);

  // Home: data sets, indicators and categories.
  DocumentStore* const store_;
  clients::RegistryClient* const registry_;
  SubmissionStores* const submissions_;
  const Clock* const clock_;
};

}  // namespace civitas::monitoring
