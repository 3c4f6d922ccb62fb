// Use case of a training programme's cohort figures (domain/capacity.h): the programme as the
// caller may read it, its events, the attending organisations (read together, with their
// assessments) and the social services each provides, as of today (UTC).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "civitas/registry/v1/capacity.pb.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::registry {

class CohortView {
 public:
  CohortView(DocumentStore* store, records::RecordService<v1::TrainingProgramme>* programmes,
             const Clock* clock)
      : store_(store), programmes_(programmes), clock_(clock) {}

  absl::StatusOr<v1::CohortFigures> Of(const records::Request& r, const std::string& name);

 private:
  DocumentStore* const store_;
  records::RecordService<v1::TrainingProgramme>* const programmes_;
  const Clock* const clock_;
};

}  // namespace civitas::registry
