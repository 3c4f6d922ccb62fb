// Use cases over quality standards: publishing a version, the version in force for a country and
// service type on a date, and the versions a case pinned.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"
#include "services/accreditation/domain/cases.h"

namespace civitas::accreditation {

class StandardCatalogue {
 public:
  StandardCatalogue(DocumentStore* store, records::RecordService<v1::QualityStandard>* standards,
                    const Clock* clock)
      : store_(store), standards_(standards), clock_(clock) {}

  // STANDARD_DRAFT -> STANDARD_PUBLISHED, the body; effective today or later (a publication never
  // changes which version was in force on a past date).
  absl::StatusOr<v1::QualityStandard> Publish(const records::Request& r, const std::string& name,
                                              const std::string& etag);

  // The published version in force on `date` (today when empty); NOT_FOUND naming the country,
  // service type and date when there is none.
  absl::StatusOr<v1::QualityStandard> InForce(const std::string& country,
                                              const std::string& service_type,
                                              const std::string& date);

  // The version in force today for each of `service_types` (missing ones left out).
  absl::StatusOr<PinnedStandards> InForceToday(
      const std::string& country,
      const google::protobuf::RepeatedPtrField<std::string>& service_types);

  // The versions a case pinned when its self-assessment began, by service type.
  absl::StatusOr<PinnedStandards> PinnedBy(const v1::AccreditationCase& c);

 private:
  DocumentStore* const store_;
  records::RecordService<v1::QualityStandard>* const standards_;
  const Clock* const clock_;
};

}  // namespace civitas::accreditation
