// How each accreditation resource's state enum plays the record lifecycle's parts (libs/records):
// the state a record is created in, the states it may be created in, and Delete's state (none: the
// record is never deleted). The transitions between states are the domain's *_transitions.h and
// certificates.h / vouchers.h.
#pragma once

#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/records/record.h"

namespace civitas::accreditation {

const records::StateModel<v1::AccreditationCase>& AccreditationCaseStates();
const records::StateModel<v1::Certificate>& CertificateStates();
const records::StateModel<v1::CountryPolicy>& CountryPolicyStates();
const records::StateModel<v1::QualityStandard>& QualityStandardStates();

}  // namespace civitas::accreditation
