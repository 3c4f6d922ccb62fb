#include "libs/certificates/certificate_standing.h"

#include <algorithm>
#include <optional>

#include "libs/common/calendar.h"

namespace civitas::certificates {

bool Terminal(v1::CertificateState s) { return s == v1::WITHDRAWN || s == v1::RENEWED; }

v1::CertificateState StateOn(const v1::Certificate& c, absl::CivilDay day) {
  if (day < StoredDay(c.valid_from())) return v1::CERTIFICATE_STATE_UNSPECIFIED;
  // A withdrawal or renewal ends the certificate from its date, whatever comes after it.
  std::optional<absl::CivilDay> ended;
  v1::CertificateState ended_as = v1::CERTIFICATE_STATE_UNSPECIFIED;
  for (const auto& h : c.history()) {
    if (!Terminal(h.state())) continue;
    const absl::CivilDay from = StoredDay(h.effective_from());
    if (from <= day && (!ended.has_value() || from < *ended)) {
      ended = from;
      ended_as = h.state();
    }
  }
  if (ended.has_value()) return ended_as;
  if (day > StoredDay(c.valid_to())) return v1::EXPIRED;
  v1::CertificateState state = v1::ACTIVE;
  for (const auto& h : c.history()) {
    if (h.state() != v1::ACTIVE && h.state() != v1::SUSPENDED) continue;
    if (StoredDay(h.effective_from()) > day) continue;
    if (!h.effective_to().empty() && StoredDay(h.effective_to()) < day) continue;
    state = h.state();
  }
  return state;
}

v1::CheckAccreditationResponse Check(const std::vector<v1::Certificate>& certificates,
                                     const std::string& service_type, absl::CivilDay day) {
  std::vector<const v1::Certificate*> covering;
  for (const auto& c : certificates) {
    if (std::find(c.service_types().begin(), c.service_types().end(), service_type) !=
        c.service_types().end()) {
      covering.push_back(&c);
    }
  }
  std::sort(covering.begin(), covering.end(), [](const auto* a, const auto* b) {
    if (a->valid_from() != b->valid_from()) return a->valid_from() < b->valid_from();
    return a->number() < b->number();
  });
  v1::CheckAccreditationResponse answer;
  answer.set_date(FormatDay(day));
  const v1::Certificate* in_force = nullptr;
  const v1::Certificate* latest = nullptr;
  for (const v1::Certificate* c : covering) {
    const v1::CertificateState state = StateOn(*c, day);
    v1::CertificateOnDate* h = answer.add_history();
    h->set_certificate(c->name());
    h->set_kind(c->kind());
    h->set_valid_from(c->valid_from());
    h->set_valid_to(c->valid_to());
    h->set_state_on_date(state);
    *h->mutable_history() = c->history();
    if (state == v1::ACTIVE && in_force == nullptr) in_force = c;
    if (state != v1::CERTIFICATE_STATE_UNSPECIFIED) latest = c;
  }
  const v1::Certificate* shown = in_force != nullptr ? in_force : latest;
  answer.set_accredited(in_force != nullptr);
  if (shown != nullptr) {
    *answer.mutable_certificate() = *shown;
    answer.set_state_on_date(StateOn(*shown, day));
  }
  return answer;
}

namespace {

registry::v1::AccreditationStatus InForceAs(v1::AccreditationKind kind) {
  switch (kind) {
    case v1::INITIAL:
      return registry::v1::INITIAL;
    case v1::PROVISIONAL:
      return registry::v1::PROVISIONAL;
    default:
      return registry::v1::ACCREDITED;
  }
}

registry::v1::AccreditationStatus EndedAs(v1::CertificateState state) {
  switch (state) {
    case v1::SUSPENDED:
      return registry::v1::ACCREDITATION_SUSPENDED;
    case v1::WITHDRAWN:
      return registry::v1::WITHDRAWN;
    case v1::EXPIRED:
    case v1::RENEWED:
      return registry::v1::EXPIRED;
    default:
      return registry::v1::NOT_ACCREDITED;
  }
}

}  // namespace

RegistryStatus StatusInRegistry(const std::vector<v1::Certificate>& certificates,
                                absl::CivilDay today) {
  // The latest issued in force (a renewal's successor over its predecessor); else the latest
  // issued that has started, with how it ended.
  const v1::Certificate* in_force = nullptr;
  const v1::Certificate* ended = nullptr;
  for (const v1::Certificate& c : certificates) {
    const v1::CertificateState state = StateOn(c, today);
    if (state == v1::CERTIFICATE_STATE_UNSPECIFIED) continue;
    const v1::Certificate*& best = state == v1::ACTIVE ? in_force : ended;
    if (best == nullptr || c.valid_from() > best->valid_from() ||
        (c.valid_from() == best->valid_from() && c.number() > best->number())) {
      best = &c;
    }
  }
  if (in_force != nullptr) {
    return {InForceAs(in_force->kind()), in_force->number(), in_force->valid_to()};
  }
  if (ended != nullptr) {
    return {EndedAs(StateOn(*ended, today)), ended->number(), ended->valid_to()};
  }
  return {};
}

}  // namespace civitas::certificates
