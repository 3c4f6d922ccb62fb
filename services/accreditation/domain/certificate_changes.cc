#include "services/accreditation/domain/certificate_changes.h"

#include "libs/aip/field_checks.h"
#include "libs/common/calendar.h"
#include "services/accreditation/domain/access_policy.h"

namespace civitas::accreditation {

absl::StatusOr<ChangeRequest> MakeChangeRequest(const std::string& reason,
                                                const std::string& effective_from,
                                                const std::string& effective_to,
                                                const std::string& actor, absl::Time now) {
  ChangeRequest request;
  request.today = absl::ToCivilDay(now, absl::UTCTimeZone());
  request.now = now;
  request.actor = actor;
  request.reason = reason;
  request.effective_from = request.today;
  Violations v;
  if (!effective_from.empty() && !ParseDay(effective_from, &request.effective_from)) {
    v.Add("effective_from", "must be a date, YYYY-MM-DD");
  }
  if (!effective_to.empty()) {
    absl::CivilDay to;
    if (!ParseDay(effective_to, &to)) {
      v.Add("effective_to", "must be a date, YYYY-MM-DD");
    } else {
      request.effective_to = to;
    }
  }
  aip::CheckText(reason, "reason", true, 4000, &v);
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  return request;
}

records::Transition<v1::Certificate> CertificateChangeTransition(CertificateChangeKind kind,
                                                                 ChangeRequest request) {
  records::Transition<v1::Certificate> t;
  const char* what = kind == CertificateChangeKind::kSuspend     ? "suspending certificates"
                     : kind == CertificateChangeKind::kReinstate ? "reinstating certificates"
                                                                 : "withdrawing certificates";
  t.event = kind == CertificateChangeKind::kSuspend     ? "suspended"
            : kind == CertificateChangeKind::kReinstate ? "reinstated"
                                                        : "withdrawn";
  t.authorize = [what](const Principal& p, const v1::Certificate&) {
    return AuthorizeAccreditingBody(p, what);
  };
  t.effect = [kind, request = std::move(request)](v1::Certificate& c) -> absl::Status {
    absl::Status changed;
    switch (kind) {
      case CertificateChangeKind::kSuspend:
        changed = SuspendCertificate(request, &c);
        break;
      case CertificateChangeKind::kReinstate:
        changed = ReinstateCertificate(request, &c);
        break;
      case CertificateChangeKind::kWithdraw:
        changed = WithdrawCertificate(request, &c);
        break;
    }
    if (!changed.ok()) return changed;
    ShowStateOn(request.today, &c);
    return absl::OkStatus();
  };
  return t;
}

}  // namespace civitas::accreditation
