// Certificates: numbers, validity arithmetic, the standing on any date from the kept history,
// the changes made to it (suspension, reinstatement, withdrawal, renewal, expiry), the register's
// point-in-time answer and expiry alerts. Pure.
//
// The history is append-only and effective dates are never in the past when a change is
// recorded, so what StateOn says about a past date never changes afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "civitas/accreditation/v1/accreditation_service.pb.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/certificates/certificate_standing.h"

namespace civitas::accreditation {

// `MD-2026-000123`: country, year, the number within them, at least six digits.
std::string CertificateNumber(const std::string& country, int64_t year, int64_t n);
// The certificate's resource name: its number in lower case, as resource ids are
// (`certificates/md-2026-000123`).
std::string CertificateName(const std::string& number);
// The counter that numbers a country's certificates of one year, e.g. `certificates/MD-2026`.
std::string CertificateSequence(const std::string& country, int64_t year);

struct Validity {
  absl::CivilDay from;
  absl::CivilDay to;  // included
};

// The validity of a certificate of `kind` issued on `today` under `policy`: the policy's months
// for its kind, less one day (12 months from 2026-03-15: to 2027-03-14). A provisional one ends
// with the latest corrective action's deadline, within the policy's provisional months.
Validity IssueValidity(v1::AccreditationKind kind, const v1::CountryPolicy& policy,
                       absl::CivilDay today, const std::vector<v1::CorrectiveAction>& actions);

// The standing on a day, and the CheckAccreditation answer, are libs/certificates' (the registry
// reads certificates the same way).
using certificates::Check;
using certificates::StateOn;
bool CertificateInForce(const v1::Certificate& c, absl::CivilDay day);

// The first entry of a new certificate's history: ACTIVE from valid_from.
v1::StatusChange Issued(const Validity& validity, const std::string& actor, absl::Time now);

// The changes. `today` is the server's date; effective dates before it are INVALID_ARGUMENT
// naming the field, a change the certificate's standing on that date does not allow is
// FAILED_PRECONDITION naming the standing.
struct ChangeRequest {
  absl::CivilDay effective_from;
  std::optional<absl::CivilDay> effective_to;  // suspensions only
  std::string reason;
  std::string actor;
  absl::Time now;
  absl::CivilDay today;
};
absl::Status SuspendCertificate(const ChangeRequest& r, v1::Certificate* c);
absl::Status ReinstateCertificate(const ChangeRequest& r, v1::Certificate* c);
absl::Status WithdrawCertificate(const ChangeRequest& r, v1::Certificate* c);
// `c` is replaced by `renewed_by` from r.effective_from (the new certificate's first day). An
// expired certificate only records its successor; a withdrawn one is not renewed.
absl::Status RenewCertificate(const ChangeRequest& r, const std::string& renewed_by,
                              v1::Certificate* c);
// Records EXPIRED from the day after valid_to once `today` is past it and nothing ended the
// certificate earlier. Returns whether it changed anything.
bool RecordExpiry(absl::CivilDay today, absl::Time now, v1::Certificate* c);

// Sets `state` to the standing on `today` (what Get and List show).
void ShowStateOn(absl::CivilDay today, v1::Certificate* c);

// Days from `today` to valid_to (negative once past).
int64_t DaysLeft(const v1::Certificate& c, absl::CivilDay today);
// Thresholds (days before valid_to) whose alert is due and not yet sent: the certificate is
// ACTIVE or SUSPENDED today and at most that many days are left.
std::vector<int32_t> DueExpiryAlerts(const v1::Certificate& c, absl::CivilDay today,
                                     const std::vector<int32_t>& thresholds);

}  // namespace civitas::accreditation
