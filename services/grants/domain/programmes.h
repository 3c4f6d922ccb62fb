// The rules of a grants programme as a record: what a valid programme is, and which of its fields
// may change. Pure: no store, no clients (the sums against envelopes are bounded counters of the
// write plan; see app/).
#pragma once

#include <cstdint>

#include "civitas/grants/v1/resources.pb.h"
#include "libs/common/field_violations.h"

namespace civitas::grants {

// Every field of `p` as written by a caller (output-only fields are the service's).
// A sub-programme (FSTP cascade) and the grant that funds it, as read: the same currency, and
// led by the grant's recipient (it re-grants what it received).
void CheckParentGrant(const v1::Programme& programme, const v1::Grant& parent, Violations* v);

void ValidateProgramme(const v1::Programme& p, Violations* v);

// A change of an existing programme: the currency is fixed once created (every amount under the
// programme is in it).
void ValidateProgrammeChange(const v1::Programme& before, const v1::Programme& after,
                             Violations* v);

// What a sub-programme's envelope holds of the amount of the grant that funds it: all of it
// while the programme is not archived, nothing once archived or for none (`programme` null).
int64_t EnvelopeHeldFromParentGrant(const v1::Programme* programme);

}  // namespace civitas::grants
