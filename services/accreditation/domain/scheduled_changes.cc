#include "services/accreditation/domain/scheduled_changes.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/calendar.h"
#include "services/accreditation/domain/cases.h"
#include "services/accreditation/domain/certificates.h"

namespace civitas::accreditation {

absl::Status AuthorizeScheduler(const Principal& p) {
  return p.background_job
             ? absl::OkStatus()
             : absl::PermissionDeniedError("certificates and cases change with time by themselves");
}

namespace {

records::Transition<v1::Certificate> SchedulerTransition(std::string event) {
  records::Transition<v1::Certificate> t;
  t.event = std::move(event);
  t.authorize = [](const Principal& p, const v1::Certificate&) { return AuthorizeScheduler(p); };
  return t;
}

}  // namespace

bool StandingChanges(const v1::Certificate& c, absl::CivilDay today, absl::Time now,
                     bool* expired) {
  v1::Certificate moved = c;
  *expired = RecordExpiry(today, now, &moved);
  ShowStateOn(today, &moved);
  return *expired || moved.state() != c.state();
}

records::Transition<v1::Certificate> StandingTransition(bool expired, absl::CivilDay today,
                                                        absl::Time now) {
  auto t = SchedulerTransition(expired ? "expired" : "state_changed");
  t.effect = [today, now](v1::Certificate& r) {
    RecordExpiry(today, now, &r);
    ShowStateOn(today, &r);
    return absl::OkStatus();
  };
  return t;
}

records::Transition<v1::Certificate> ExpiryAlertTransition(int32_t threshold, absl::CivilDay today,
                                                           std::vector<int32_t> thresholds) {
  auto t = SchedulerTransition(absl::StrCat("expiry_alert_", threshold));
  t.effect = [threshold, today,
              thresholds = std::move(thresholds)](v1::Certificate& r) -> absl::Status {
    const auto due = DueExpiryAlerts(r, today, thresholds);
    if (std::find(due.begin(), due.end(), threshold) == due.end()) {
      return absl::FailedPreconditionError("alert sent already");
    }
    r.add_expiry_alerts_sent(threshold);
    return absl::OkStatus();
  };
  return t;
}

bool HasUnalertedOverdueActions(const v1::AccreditationCase& c, absl::CivilDay today) {
  const std::vector<v1::CorrectiveAction> overdue = OverdueActionsOf(c, today);
  return std::any_of(overdue.begin(), overdue.end(),
                     [](const v1::CorrectiveAction& a) { return !a.overdue_alerted(); });
}

records::Transition<v1::AccreditationCase> OverdueAlertsTransition(absl::CivilDay today) {
  records::Transition<v1::AccreditationCase> t;
  t.event = "corrective_action_overdue";
  t.authorize = [](const Principal& p, const v1::AccreditationCase&) {
    return AuthorizeScheduler(p);
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
  return t;
}

}  // namespace civitas::accreditation
