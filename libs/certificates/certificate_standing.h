// What a certificate says on a given day, as both the accreditation service (its register, its
// CheckAccreditation answer) and the registry (the accreditation it shows of a social service,
// the contracts that need one, from the certificate events it consumes) read it. Pure.
//
// A certificate's history is append-only and effective dates are never in the past when a
// change is recorded, so what StateOn says about a past date never changes afterwards.
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "civitas/accreditation/v1/accreditation_service.pb.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"

namespace civitas::certificates {

namespace v1 = ::civitas::accreditation::v1;

// Ends the certificate from its effective date, whatever comes after it.
bool Terminal(v1::CertificateState s);

// The standing on `day` by the history: CERTIFICATE_STATE_UNSPECIFIED before valid_from; a
// withdrawal or renewal from its effective date on (the earliest wins); EXPIRED after valid_to;
// else the last recorded ACTIVE/SUSPENDED change that covers the day.
v1::CertificateState StateOn(const v1::Certificate& c, absl::CivilDay day);

// Was the provider accredited for the service type on `day`? `certificates` are the provider's
// (any order); the answer's history holds those covering the service type, oldest first.
v1::CheckAccreditationResponse Check(const std::vector<v1::Certificate>& certificates,
                                     const std::string& service_type, absl::CivilDay day);

// What the registry shows of a social service's accreditation, from the certificates that list
// it: the one in force today (INITIAL, PROVISIONAL or ACCREDITED by its kind); else the standing
// of the latest one (suspended, withdrawn, expired); NOT_ACCREDITED without any.
struct RegistryStatus {
  registry::v1::AccreditationStatus status = registry::v1::NOT_ACCREDITED;
  // `MD-2026-000001`; empty without a certificate.
  std::string certificate;
  // `YYYY-MM-DD`, the certificate's valid_to; empty without one.
  std::string valid_until;
};
RegistryStatus StatusInRegistry(const std::vector<v1::Certificate>& certificates,
                                absl::CivilDay today);

}  // namespace civitas::certificates
