// Reports on a grant: the grantee submits; programme staff accept or send back. Accepting is one
// write: the report ACCEPTED and, on the grant at the version read, its expenditure counted as
// spent (an IATI expenditure transaction) and the report counted towards the tranche and closure
// rules. Thread-safe.
#pragma once

#include <string>

#include "civitas/grants/v1/resources.pb.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

class ReportWorkflow {
 public:
  ReportWorkflow(DocumentStore* store, records::RecordService<v1::Report>* reports,
                 records::RecordService<v1::Grant>* grants, const Clock* clock)
      : store_(store), reports_(reports), grants_(grants), clock_(clock) {}

  absl::StatusOr<v1::Report> Submit(const records::Request& r, const std::string& name,
                                    const std::string& etag);
  absl::StatusOr<v1::Report> Accept(const records::Request& r, const std::string& name,
                                    const std::string& comment, const std::string& etag);
  absl::StatusOr<v1::Report> RequestRevision(const records::Request& r, const std::string& name,
                                             const std::string& comment, const std::string& etag);

 private:
  DocumentStore* const store_;
  records::RecordService<v1::Report>* const reports_;
  records::RecordService<v1::Grant>* const grants_;
  const Clock* const clock_;
};

}  // namespace civitas::grants
