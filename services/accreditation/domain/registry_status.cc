#include "services/accreditation/domain/registry_status.h"

#include "services/accreditation/domain/certificates.h"

namespace civitas::accreditation {
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

}  // namespace civitas::accreditation
