// What happens to a submitted application: the applicant withdraws it; programme staff override
// its eligibility, put it on the reserve list, reject it, or award it. An award is one atomic
// write: the application AWARDED, the grant agreement created with its commitment, the call's
// awarded total moved within its envelope and the applicant's total across the programme within
// the per-third-party cap, with the call still published or closed. Thread-safe.
#pragma once

#include <string>

#include "civitas/grants/v1/grants_service.pb.h"
#include "libs/clients/accreditation_client.h"
#include "libs/common/clock.h"
#include "libs/common/id_generator.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"
#include "services/grants/domain/awards.h"

namespace civitas::grants {

// The bounded counter of what an organisation was awarded across a programme: never above the
// per-third-party cap. (The call's is AwardedCallCounter.)
std::string ThirdPartyCounter(const std::string& programme_name, const std::string& organization);

class ApplicationDecisions {
 public:
  ApplicationDecisions(DocumentStore* store, clients::AccreditationClient* accreditation,
                       records::RecordService<v1::Application>* applications,
                       records::RecordService<v1::Grant>* grants, const Clock* clock)
      : store_(store),
        accreditation_(accreditation),
        applications_(applications),
        grants_(grants),
        clock_(clock) {}

  absl::StatusOr<v1::Application> Withdraw(const records::Request& r, const std::string& name,
                                           const std::string& etag);
  absl::StatusOr<v1::Application> OverrideEligibility(const records::Request& r,
                                                      const std::string& name, bool eligible,
                                                      const std::string& reason,
                                                      const std::string& etag);
  // The grant agreement made; the application names it.
  absl::StatusOr<v1::Grant> Award(const records::Request& r,
                                  const v1::AwardApplicationRequest& request);
  absl::StatusOr<v1::Application> Reserve(const records::Request& r, const std::string& name,
                                          const std::string& reason, const std::string& etag);
  absl::StatusOr<v1::Application> Reject(const records::Request& r, const std::string& name,
                                         const std::string& reason, const std::string& etag);

 private:
  DocumentStore* const store_;
  clients::AccreditationClient* const accreditation_;
  records::RecordService<v1::Application>* const applications_;
  records::RecordService<v1::Grant>* const grants_;
  const Clock* const clock_;
};

}  // namespace civitas::grants
