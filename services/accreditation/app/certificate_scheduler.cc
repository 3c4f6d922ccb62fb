#include "services/accreditation/app/certificate_scheduler.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/auth/principal.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/accreditation/domain/cases.h"
#include "services/accreditation/domain/certificates.h"
#include "services/accreditation/domain/scheduled_changes.h"

namespace civitas::accreditation {
namespace {

// Another replica made the change first, or the record moved on: nothing to do here.
bool Skipped(const absl::Status& s) {
  return s.code() == absl::StatusCode::kAborted ||
         s.code() == absl::StatusCode::kFailedPrecondition;
}

}  // namespace

absl::Status CertificateScheduler::Apply(const Principal& job, const v1::Certificate& c,
                                         records::Transition<v1::Certificate> t, int* count) {
  // The etag read: a replica that wrote since makes this write ABORTED, and it is skipped.
  auto applied = certificates_->Apply(records::Request(job), c.name(), c.etag(), t);
  if (applied.ok()) {
    ++*count;
    return absl::OkStatus();
  }
  return Skipped(applied.status()) ? absl::OkStatus() : applied.status();
}

absl::StatusOr<SchedulerCounts> CertificateScheduler::RunOnce(const Principal& job) {
  const absl::Time now = clock_->Now();
  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  SchedulerCounts counts;
  for (const v1::CertificateState state : {v1::ACTIVE, v1::SUSPENDED}) {
    ASSIGN_OR_RETURN(
        std::vector<v1::Certificate> certificates,
        records::ScanAll<v1::Certificate>(store_, {records::StateIndex<v1::Certificate>(state)}));
    for (v1::Certificate c : certificates) {
      if (bool expired = false; StandingChanges(c, today, now, &expired)) {
        RETURN_IF_ERROR(
            Apply(job, c, StandingTransition(expired, today, now), &counts.state_changes));
        continue;  // alerts are for certificates still running, on the next pass
      }
      for (int32_t threshold : DueExpiryAlerts(c, today, thresholds_)) {
        RETURN_IF_ERROR(Apply(job, c, ExpiryAlertTransition(threshold, today, thresholds_),
                              &counts.expiry_alerts));
        // The next alert, if due as well, is written over the new version on the next pass.
        break;
      }
    }
  }
  ASSIGN_OR_RETURN(std::vector<v1::AccreditationCase> decided,
                   records::ScanAll<v1::AccreditationCase>(
                       store_, {records::StateIndex<v1::AccreditationCase>(v1::CASE_DECIDED)}));
  for (const v1::AccreditationCase& c : decided) {
    if (!HasUnalertedOverdueActions(c, today)) continue;
    auto applied =
        cases_->Apply(records::Request(job), c.name(), c.etag(), OverdueAlertsTransition(today));
    if (applied.ok()) {
      ++counts.overdue_alerts;
    } else if (!Skipped(applied.status())) {
      return applied.status();
    }
  }
  return counts;
}

}  // namespace civitas::accreditation
