// The public register of certificates: reads show each certificate's standing today (from its
// history, whatever the stored state), the list filters on a date's standing too, the
// point-in-time check, expiring certificates; and the body's changes to a certificate.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/accreditation/v1/accreditation_service.pb.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"
#include "services/accreditation/domain/certificate_changes.h"

namespace civitas::accreditation {

class CertificateRegister {
 public:
  CertificateRegister(DocumentStore* store, records::RecordService<v1::Certificate>* certificates,
                      const Clock* clock)
      : store_(store), certificates_(certificates), clock_(clock) {}

  absl::StatusOr<v1::Certificate> Get(const records::Request& r, const std::string& name);
  // `valid_on` (`YYYY-MM-DD`, optional) keeps the certificates in force on that date; a page may
  // then hold fewer than page_size.
  absl::StatusOr<records::ListResult<v1::Certificate>> List(const records::Request& r,
                                                            const aip::ListQuery& query,
                                                            const std::string& valid_on);
  absl::StatusOr<v1::CheckAccreditationResponse> Check(const std::string& provider,
                                                       const std::string& service_type,
                                                       const std::string& date);
  // Certificates in force or suspended whose validity ends within `within_days` (0..3650) of
  // today; `filter` on country, provider, service_type.
  absl::StatusOr<std::vector<v1::ExpiringCertificate>> Expiring(int within_days,
                                                                const std::string& filter);

  using Change = CertificateChangeKind;
  // `effective_from` today when empty; `effective_to` only for suspensions.
  absl::StatusOr<v1::Certificate> Apply(const records::Request& r, Change change,
                                        const std::string& name, const std::string& reason,
                                        const std::string& effective_from,
                                        const std::string& effective_to, const std::string& etag);

 private:
  DocumentStore* const store_;
  records::RecordService<v1::Certificate>* const certificates_;
  const Clock* const clock_;
};

}  // namespace civitas::accreditation
