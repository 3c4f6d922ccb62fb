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

namespace civitas::accreditation {
namespace {

// What the passing of days does is recorded by the service's own job, by no caller.
absl::Status OnlyTheScheduler(const Principal& p) {
  return p.background_job
             ? absl::OkStatus()
             : absl::PermissionDeniedError("certificates and cases change with time by themselves");
}

// Another replica made the change first, or the record moved on: nothing to do here.
bool Skipped(const absl::Status& s) {
  return s.code() == absl::StatusCode::kAborted ||
         s.code() == absl::StatusCode::kFailedPrecondition;
}

records::Transition<v1::Certificate> SystemTransition(std::string event) {
  records::Transition<v1::Certificate> t;
  t.event = std::move(event);
  t.authorize = [](const Principal& p, const v1::Certificate&) { return OnlyTheScheduler(p); };
  return t;
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
      v1::Certificate moved = c;
      const bool expired = RecordExpiry(today, now, &moved);
      ShowStateOn(today, &moved);
      if (expired || moved.state() != c.state()) {
        auto t = SystemTransition(expired ? "expired" : "state_changed");
        t.effect = [today, now](v1::Certificate& r) {
          RecordExpiry(today, now, &r);
          ShowStateOn(today, &r);
          return absl::OkStatus();
        };
        RETURN_IF_ERROR(Apply(job, c, std::move(t), &counts.state_changes));
        continue;  // alerts are for certificates still running, on the next pass
      }
      for (int32_t threshold : DueExpiryAlerts(c, today, thresholds_)) {
        auto t = SystemTransition(absl::StrCat("expiry_alert_", threshold));
        t.effect = [threshold, today, this](v1::Certificate& r) -> absl::Status {
          const auto due = DueExpiryAlerts(r, today, thresholds_);
          if (std::find(due.begin(), due.end(), threshold) == due.end()) {
            return absl::FailedPreconditionError("alert sent already");
          }
          r.add_expiry_alerts_sent(threshold);
          return absl::OkStatus();
        };
        RETURN_IF_ERROR(Apply(job, c, std::move(t), &counts.expiry_alerts));
        // The next alert, if due as well, is written over the new version on the next pass.
        break;
      }
    }
  }
  ASSIGN_OR_RETURN(std::vector<v1::AccreditationCase> decided,
                   records::ScanAll<v1::AccreditationCase>(
                       store_, {records::StateIndex<v1::AccreditationCase>(v1::CASE_DECIDED)}));
  for (const v1::AccreditationCase& c : decided) {
    const std::vector<v1::CorrectiveAction> overdue = OverdueActionsOf(c, today);
    if (std::none_of(overdue.begin(), overdue.end(),
                     [](const auto& a) { return !a.overdue_alerted(); })) {
      continue;
    }
    records::Transition<v1::AccreditationCase> t;
    t.event = "corrective_action_overdue";
    t.authorize = [](const Principal& p, const v1::AccreditationCase&) {
      return OnlyTheScheduler(p);
    };
    t.effect = [today](v1::AccreditationCase& r) -> absl::Status {
      bool any = false;
      for (auto& a : *r.mutable_corrective_actions()) {
        absl::CivilDay deadline;
        if (a.state() == v1::ACTION_OPEN && !a.overdue_alerted() &&
            ParseDay(a.deadline(), &deadline) && deadline < today) {
          a.set_overdue_alerted(true);
          any = true;
        }
      }
      return any ? absl::OkStatus() : absl::FailedPreconditionError("alerted already");
    };
    auto applied = cases_->Apply(records::Request(job), c.name(), c.etag(), t);
    if (applied.ok()) {
      ++counts.overdue_alerts;
    } else if (!Skipped(applied.status())) {
      return applied.status();
    }
  }
  return counts;
}

}  // namespace civitas::accreditation
