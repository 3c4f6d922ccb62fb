// ApplicationSubmission: the submit use case. It gathers what eligibility needs (the call, and
// from the registry the applicant, partners and the project territories' ancestry), asks
// domain/ CheckEligibility, and applies the Submit transition, whose write re-checks that the
// call is still published. Thread-safe; owns nothing.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "services/grants/domain/eligibility.h"

namespace civitas::grants {

class ApplicationSubmission {
 public:
  ApplicationSubmission(DocumentStore* store, clients::RegistryClient* registry,
                        records::RecordService<v1::Application>* applications, const Clock* clock)
      : store_(store), registry_(registry), applications_(applications), clock_(clock) {}

  absl::StatusOr<v1::Application> Submit(const Principal& p, const std::string& name,
                                         const std::string& etag, const std::string& request_id);

 private:
  absl::StatusOr<RegistryFacts> LoadFacts(const v1::Application& a,
                                          const clients::CallContext& ctx);

  DocumentStore* const store_;
  clients::RegistryClient* const registry_;
  records::RecordService<v1::Application>* const applications_;
  const Clock* const clock_;
};

}  // namespace civitas::grants
