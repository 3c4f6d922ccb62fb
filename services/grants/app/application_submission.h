// ApplicationSubmission: the submit use case. It gathers what eligibility needs (the call; from
// the registry the applicant, partners and the project territories' ancestry; from the
// accreditation service the applicant's accreditation for the call's required types), asks
// domain/ CheckEligibility, and applies the Submit transition, whose write re-checks that the
// call is still published. Thread-safe; owns nothing.
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "libs/clients/accreditation_client.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "services/grants/domain/eligibility.h"

namespace civitas::grants {

// What the accreditation service answered of one provider, service type and date.
AccreditationFact AccreditationFactOf(const accreditation::v1::CheckAccreditationResponse& answer,
                                      const std::string& date);

// The applicant's accreditation on `date` for each service type `call` requires (the
// accreditation service; an error when it cannot answer: no decision is made on a guess).
absl::StatusOr<std::map<std::string, AccreditationFact>> AccreditationsOf(
    clients::AccreditationClient* accreditation, const std::string& applicant, const v1::Call& call,
    const std::string& date, const clients::CallContext& ctx);

class ApplicationSubmission {
 public:
  ApplicationSubmission(DocumentStore* store, clients::RegistryClient* registry,
                        clients::AccreditationClient* accreditation,
                        records::RecordService<v1::Application>* applications, const Clock* clock)
      : store_(store),
        registry_(registry),
        accreditation_(accreditation),
        applications_(applications),
        clock_(clock) {}

  absl::StatusOr<v1::Application> Submit(const records::Request& r, const std::string& name,
                                         const std::string& etag);

 private:
  absl::StatusOr<RegistryFacts> LoadFacts(const v1::Application& a, const v1::Call& call,
                                          const clients::CallContext& ctx);

  DocumentStore* const store_;
  clients::RegistryClient* const registry_;
  clients::AccreditationClient* const accreditation_;
  records::RecordService<v1::Application>* const applications_;
  const Clock* const clock_;
};

}  // namespace civitas::grants
