// What the registry shows of a social service's accreditation, from the certificates that list
// it: the one in force today (INITIAL, PROVISIONAL or ACCREDITED by its kind); else the standing
// of the latest one (suspended, withdrawn, expired); NOT_ACCREDITED without any. Pure.
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"

namespace civitas::accreditation {

struct RegistryStatus {
  registry::v1::AccreditationStatus status = registry::v1::NOT_ACCREDITED;
  // `MD-2026-000001`; empty without a certificate.
  std::string certificate;
  // `YYYY-MM-DD`, the certificate's valid_to; empty without one.
  std::string valid_until;
};

RegistryStatus StatusInRegistry(const std::vector<v1::Certificate>& certificates,
                                absl::CivilDay today);

}  // namespace civitas::accreditation
