// Use cases of the accreditation procedure: each step loads what its rule needs (the standards
// in force or pinned, the country's policy) and applies the domain's transition. A decision that
// accredits issues the numbered certificate in the same write: the number is the country's and
// year's counter plus one, the counter expected unchanged, so concurrent decisions retry and the
// numbers have neither gaps nor duplicates; a periodic case's certificate renews the old one in
// that write too.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/accreditation/v1/accreditation_service.pb.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"
#include "services/accreditation/app/standard_catalogue.h"
#include "services/accreditation/domain/cases.h"

namespace civitas::accreditation {

class CaseProcedure {
 public:
  CaseProcedure(DocumentStore* store, clients::RegistryClient* registry,
                records::RecordService<v1::AccreditationCase>* cases,
                records::RecordService<v1::Certificate>* certificates, StandardCatalogue* standards,
                const Clock* clock)
      : store_(store),
        registry_(registry),
        cases_(cases),
        certificates_(certificates),
        standards_(standards),
        clock_(clock) {}

  absl::StatusOr<v1::AccreditationCase> RecordVerdicts(const records::Request& r,
                                                       const std::string& name,
                                                       std::vector<v1::ConditionVerdict> verdicts,
                                                       const std::string& etag);
  absl::StatusOr<v1::AccreditationCase> StartSelfAssessment(const records::Request& r,
                                                            const std::string& name,
                                                            const std::string& note,
                                                            const std::string& etag);
  absl::StatusOr<v1::AccreditationCase> SubmitSelfAssessment(const records::Request& r,
                                                             const std::string& name,
                                                             std::vector<v1::StandardScores> scores,
                                                             const std::string& etag);
  absl::StatusOr<v1::AccreditationCase> AssignAssessor(const records::Request& r,
                                                       const std::string& name,
                                                       const std::string& assessor,
                                                       const std::string& etag);
  absl::StatusOr<v1::AccreditationCase> SubmitEvaluation(const records::Request& r,
                                                         const std::string& name,
                                                         v1::ExternalEvaluation evaluation,
                                                         const std::string& etag);
  absl::StatusOr<v1::AccreditationCase> Decide(const records::Request& r,
                                               const v1::DecideCaseRequest& decision);
  absl::StatusOr<v1::AccreditationCase> CompleteCorrectiveAction(
      const records::Request& r, const std::string& name, const std::string& action,
      const std::string& completed_date, const std::string& note, const std::string& etag);
  absl::StatusOr<v1::AccreditationCase> Withdraw(const records::Request& r, const std::string& name,
                                                 const std::string& reason,
                                                 const std::string& etag);

  // Open corrective actions past their deadline on `as_of` (today when empty), for the body.
  absl::StatusOr<std::vector<v1::OverdueCorrectiveAction>> OverdueActions(const records::Request& r,
                                                                          const std::string& filter,
                                                                          const std::string& as_of);

 private:
  // The case as the caller may see it (NOT_FOUND otherwise).
  absl::StatusOr<v1::AccreditationCase> Read(const records::Request& r, const std::string& name);
  // The territories the certificate is listed under: its social services', else the provider's.
  absl::StatusOr<std::vector<std::string>> TerritoriesOf(const clients::CallContext& ctx,
                                                         const v1::AccreditationCase& c);

  DocumentStore* const store_;
  clients::RegistryClient* const registry_;
  records::RecordService<v1::AccreditationCase>* const cases_;
  records::RecordService<v1::Certificate>* const certificates_;
  StandardCatalogue* const standards_;
  const Clock* const clock_;
};

}  // namespace civitas::accreditation
