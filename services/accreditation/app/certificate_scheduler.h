// CertificateScheduler: what the passing of days does to certificates and cases, each change a
// write with its outbox event (which the registry sync and other consumers follow):
//   - a certificate whose standing today differs from its stored state is brought in step
//     (a suspension or withdrawal dated ahead takes effect; `certificate.state_changed`), and one
//     past valid_to records its expiry (`certificate.expired`);
//   - expiry alerts: once per threshold (90, 30, 0 days before valid_to by default),
//     `certificate.expiry_alert_<days>`;
//   - an open corrective action past its deadline: `case.corrective_action_overdue`, once.
// Safe with several replicas running it: each change is a transition re-checked on the record
// as it is when written (an alert already sent is not sent again), so two replicas racing make
// it once; the loser's write is refused and skipped.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::accreditation {

struct SchedulerCounts {
  int state_changes = 0;
  int expiry_alerts = 0;
  int overdue_alerts = 0;
};

class CertificateScheduler {
 public:
  CertificateScheduler(DocumentStore* store, records::RecordService<v1::Certificate>* certificates,
                       records::RecordService<v1::AccreditationCase>* cases, const Clock* clock,
                       std::vector<int32_t> thresholds = {90, 30, 0})
      : store_(store),
        certificates_(certificates),
        cases_(cases),
        clock_(clock),
        thresholds_(std::move(thresholds)) {}
  // One pass over every certificate in force or suspended and every decided case, as `job` (a
  // background job's principal: only it may make these changes). Changes another replica made
  // first are skipped, not errors.
  absl::StatusOr<SchedulerCounts> RunOnce(const Principal& job);

 private:
  absl::Status Apply(const Principal& job, const v1::Certificate& c,
                     records::Transition<v1::Certificate> t, int* count);

  DocumentStore* const store_;
  records::RecordService<v1::Certificate>* const certificates_;
  records::RecordService<v1::AccreditationCase>* const cases_;
  const Clock* const clock_;
  const std::vector<int32_t> thresholds_;
};

}  // namespace civitas::accreditation
