#include "services/accreditation/domain/certificates.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"

namespace civitas::accreditation {
namespace {

std::string StateText(v1::CertificateState s) {
  return s == v1::CERTIFICATE_STATE_UNSPECIFIED ? "not yet valid" : v1::CertificateState_Name(s);
}

absl::Status NotBackdated(const ChangeRequest& r) {
  if (r.effective_from < r.today) {
    return absl::InvalidArgumentError(absl::StrCat("effective_from: ", FormatDay(r.effective_from),
                                                   " is before today (", FormatDay(r.today),
                                                   "); changes are never backdated"));
  }
  if (r.reason.empty()) return absl::InvalidArgumentError("reason: is required");
  return absl::OkStatus();
}

absl::Status Refuse(const v1::Certificate& c, absl::CivilDay day, v1::CertificateState state,
                    const std::string& what) {
  return absl::FailedPreconditionError(
      absl::StrCat(c.name(), " is ", StateText(state), " on ", FormatDay(day), "; ", what));
}

v1::StatusChange Change(const ChangeRequest& r, v1::CertificateState state) {
  v1::StatusChange change;
  change.set_state(state);
  change.set_effective_from(FormatDay(r.effective_from));
  if (r.effective_to.has_value()) change.set_effective_to(FormatDay(*r.effective_to));
  change.set_reason(r.reason);
  change.set_actor(r.actor);
  *change.mutable_record_time() = ToTimestamp(r.now);
  return change;
}

}  // namespace

std::string CertificateNumber(const std::string& country, int64_t year, int64_t n) {
  return absl::StrFormat("%s-%04d-%06d", country, year, n);
}

std::string CertificateName(const std::string& number) {
  return aip::NameOf<v1::Certificate>(absl::AsciiStrToLower(number));
}

std::string CertificateSequence(const std::string& country, int64_t year) {
  return aip::NameOf<v1::Certificate>(absl::StrFormat("%s-%04d", country, year));
}

Validity IssueValidity(v1::AccreditationKind kind, const v1::CountryPolicy& policy,
                       absl::CivilDay today, const std::vector<v1::CorrectiveAction>& actions) {
  int months = policy.initial_validity_months();
  if (kind == v1::PERIODIC) months = policy.periodic_validity_months();
  if (kind == v1::PROVISIONAL) months = policy.provisional_validity_months();
  Validity v{today, AddMonths(today, months) - 1};
  if (kind == v1::PROVISIONAL && !actions.empty()) {
    absl::CivilDay last = today;
    for (const auto& a : actions) last = std::max(last, StoredDay(a.deadline()));
    v.to = std::min(v.to, last);
  }
  return v;
}

bool CertificateInForce(const v1::Certificate& c, absl::CivilDay day) {
  return StateOn(c, day) == v1::ACTIVE;
}

v1::StatusChange Issued(const Validity& validity, const std::string& actor, absl::Time now) {
  v1::StatusChange change;
  change.set_state(v1::ACTIVE);
  change.set_effective_from(FormatDay(validity.from));
  change.set_reason("issued");
  change.set_actor(actor);
  *change.mutable_record_time() = ToTimestamp(now);
  return change;
}

absl::Status SuspendCertificate(const ChangeRequest& r, v1::Certificate* c) {
  if (absl::Status s = NotBackdated(r); !s.ok()) return s;
  if (r.effective_to.has_value() && *r.effective_to < r.effective_from) {
    return absl::InvalidArgumentError("effective_to: is before effective_from");
  }
  const v1::CertificateState state = StateOn(*c, r.effective_from);
  if (state != v1::ACTIVE)
    return Refuse(*c, r.effective_from, state, "only an active one is suspended");
  *c->add_history() = Change(r, v1::SUSPENDED);
  return absl::OkStatus();
}

absl::Status ReinstateCertificate(const ChangeRequest& r, v1::Certificate* c) {
  if (absl::Status s = NotBackdated(r); !s.ok()) return s;
  const v1::CertificateState state = StateOn(*c, r.effective_from);
  if (state != v1::SUSPENDED) {
    return Refuse(*c, r.effective_from, state, "only a suspended one is reinstated");
  }
  ChangeRequest open = r;
  open.effective_to.reset();
  *c->add_history() = Change(open, v1::ACTIVE);
  return absl::OkStatus();
}

absl::Status WithdrawCertificate(const ChangeRequest& r, v1::Certificate* c) {
  if (absl::Status s = NotBackdated(r); !s.ok()) return s;
  const v1::CertificateState state = StateOn(*c, r.effective_from);
  if (state != v1::ACTIVE && state != v1::SUSPENDED) {
    return Refuse(*c, r.effective_from, state, "only an active or suspended one is withdrawn");
  }
  ChangeRequest open = r;
  open.effective_to.reset();
  *c->add_history() = Change(open, v1::WITHDRAWN);
  return absl::OkStatus();
}

absl::Status RenewCertificate(const ChangeRequest& r, const std::string& renewed_by,
                              v1::Certificate* c) {
  if (absl::Status s = NotBackdated(r); !s.ok()) return s;
  if (!c->renewed_by().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(c->name(), " was renewed already by ", c->renewed_by()));
  }
  const v1::CertificateState state = StateOn(*c, r.effective_from);
  if (state == v1::WITHDRAWN || state == v1::CERTIFICATE_STATE_UNSPECIFIED) {
    return Refuse(*c, r.effective_from, state, "a withdrawn certificate is not renewed");
  }
  c->set_renewed_by(renewed_by);
  if (state == v1::EXPIRED) return absl::OkStatus();
  ChangeRequest open = r;
  open.effective_to.reset();
  v1::StatusChange change = Change(open, v1::RENEWED);
  change.set_renewed_by(renewed_by);
  *c->add_history() = std::move(change);
  return absl::OkStatus();
}

bool RecordExpiry(absl::CivilDay today, absl::Time now, v1::Certificate* c) {
  const absl::CivilDay after = StoredDay(c->valid_to()) + 1;
  if (today < after || StateOn(*c, after) != v1::EXPIRED) return false;
  for (const auto& h : c->history()) {
    if (h.state() == v1::EXPIRED) return false;
  }
  v1::StatusChange change;
  change.set_state(v1::EXPIRED);
  change.set_effective_from(FormatDay(after));
  change.set_reason("validity ended");
  change.set_actor("accreditation");
  *change.mutable_record_time() = ToTimestamp(now);
  *c->add_history() = std::move(change);
  return true;
}

void ShowStateOn(absl::CivilDay today, v1::Certificate* c) {
  const v1::CertificateState state = StateOn(*c, today);
  c->set_state(state == v1::CERTIFICATE_STATE_UNSPECIFIED ? v1::ACTIVE : state);
}

int64_t DaysLeft(const v1::Certificate& c, absl::CivilDay today) {
  return StoredDay(c.valid_to()) - today;
}

std::vector<int32_t> DueExpiryAlerts(const v1::Certificate& c, absl::CivilDay today,
                                     const std::vector<int32_t>& thresholds) {
  std::vector<int32_t> due;
  const v1::CertificateState state = StateOn(c, today);
  if (state != v1::ACTIVE && state != v1::SUSPENDED) return due;
  const int64_t left = DaysLeft(c, today);
  for (int32_t t : thresholds) {
    if (left > t) continue;
    if (std::find(c.expiry_alerts_sent().begin(), c.expiry_alerts_sent().end(), t) !=
        c.expiry_alerts_sent().end()) {
      continue;
    }
    due.push_back(t);
  }
  return due;
}

}  // namespace civitas::accreditation
