// A grant agreement's money after the award: tranches paid, money returned, closure, and the
// overdue reports. Each payment is one write: the grant (its tranche, totals and the IATI
// transaction) at the version read, and the grant's disbursed counter, which never goes above the
// award whatever runs concurrently. Thread-safe.
#pragma once

#include <string>

#include "civitas/grants/v1/grants_service.pb.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

// Net money paid on a grant (disbursed minus returned): at most its award.
std::string DisbursedCounter(const std::string& grant_name);

class GrantPayments {
 public:
  GrantPayments(DocumentStore* store, records::RecordService<v1::Grant>* grants, const Clock* clock)
      : store_(store), grants_(grants), clock_(clock) {}

  absl::StatusOr<v1::Grant> PayTranche(const records::Request& r, const std::string& name,
                                       int32_t tranche_number, const std::string& date,
                                       const std::string& etag);
  // With a `request_id`, a retry by the same caller records nothing more (AIP-155).
  absl::StatusOr<v1::Grant> RecordReturn(const records::Request& r, const std::string& name,
                                         const common::v1::Money& amount, const std::string& date,
                                         const std::string& description, const std::string& etag,
                                         const std::string& request_id);
  absl::StatusOr<v1::Grant> Close(const records::Request& r, const std::string& name,
                                  const std::string& etag);
  // The active grants' overdue reports, of `programme` when not empty, that `p` manages (or, for
  // a CSO, receives). Ordered by due date.
  absl::StatusOr<v1::ListOverdueReportsResponse> OverdueReports(const records::Request& r,
                                                                const std::string& programme);

 private:
  DocumentStore* const store_;
  records::RecordService<v1::Grant>* const grants_;
  const Clock* const clock_;
};

}  // namespace civitas::grants
