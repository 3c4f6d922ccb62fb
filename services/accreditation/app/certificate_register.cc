#include "services/accreditation/app/certificate_register.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/filter.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/accreditation/domain/access_policy.h"
#include "services/accreditation/domain/certificate_changes.h"
#include "services/accreditation/domain/certificates.h"
#include "services/accreditation/domain/register_queries.h"
#include "services/accreditation/domain/resource_spec.h"
#include "services/accreditation/domain/standards.h"

namespace civitas::accreditation {
absl::StatusOr<v1::Certificate> CertificateRegister::Get(const records::Request& r,
                                                         const std::string& name) {
  ASSIGN_OR_RETURN(v1::Certificate c, certificates_->Get(r, name));
  ShowStateOn(DayOf(clock_->Now()), &c);
  return c;
}

absl::StatusOr<records::ListResult<v1::Certificate>> CertificateRegister::List(
    const records::Request& r, const aip::ListQuery& query, const std::string& valid_on) {
  absl::CivilDay on;
  Violations v;
  CheckValidOn(valid_on, &on, &v);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(records::ListResult<v1::Certificate> page, certificates_->List(r, query));
  if (!valid_on.empty()) {
    std::erase_if(page.items, [&](const v1::Certificate& c) { return !CertificateInForce(c, on); });
  }
  const absl::CivilDay today = DayOf(clock_->Now());
  for (v1::Certificate& c : page.items) ShowStateOn(today, &c);
  return page;
}

absl::StatusOr<v1::CheckAccreditationResponse> CertificateRegister::Check(
    const std::string& provider, const std::string& service_type, const std::string& date) {
  Violations v;
  absl::CivilDay day = DayOf(clock_->Now());
  CheckAccreditationQuestion(provider, service_type, date, &day, &v);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(
      std::vector<v1::Certificate> certificates,
      records::ScanAll<v1::Certificate>(store_, {absl::StrCat("provider=", provider)}));
  v1::CheckAccreditationResponse answer = accreditation::Check(certificates, service_type, day);
  // As Get shows it: its standing today (the stored state waits for the scheduler's pass).
  if (answer.has_certificate()) ShowStateOn(DayOf(clock_->Now()), answer.mutable_certificate());
  return answer;
}

absl::StatusOr<std::vector<v1::ExpiringCertificate>> CertificateRegister::Expiring(
    int within_days, const std::string& filter) {
  ASSIGN_OR_RETURN(const std::vector<aip::FilterTerm> terms,
                   aip::ParseFilter(filter, CertificateSpec()));
  Violations v;
  CheckExpiringQuery(within_days, terms, &v);
  RETURN_IF_ERROR(v.ToStatus());
  const absl::CivilDay today = DayOf(clock_->Now());
  std::vector<v1::ExpiringCertificate> out;
  for (const v1::CertificateState state : kStatesThatCanExpire) {
    ASSIGN_OR_RETURN(
        std::vector<v1::Certificate> certificates,
        records::ScanAll<v1::Certificate>(store_, {records::StateIndex<v1::Certificate>(state)}));
    for (v1::Certificate& c : certificates) {
      if (!aip::MatchesAll(c, terms)) continue;
      if (auto row = ExpiringRowOf(std::move(c), today, within_days)) {
        out.push_back(*std::move(row));
      }
    }
  }
  SortExpiring(&out);
  return out;
}

absl::StatusOr<v1::Certificate> CertificateRegister::Apply(
    const records::Request& r, Change change, const std::string& name, const std::string& reason,
    const std::string& effective_from, const std::string& effective_to, const std::string& etag) {
  ASSIGN_OR_RETURN(ChangeRequest request, MakeChangeRequest(reason, effective_from, effective_to,
                                                            r.caller().subject, clock_->Now()));
  return certificates_->Apply(r, name, etag,
                              CertificateChangeTransition(change, std::move(request)));
}

}  // namespace civitas::accreditation
