// The rules of a call for proposals as a record: what a valid call is under its programme, the
// defaults it gets (EU practice), and what publishing freezes. Pure.
#pragma once

#include <cstdint>
#include <string>

#include "civitas/grants/v1/resources.pb.h"
#include "libs/common/field_violations.h"

namespace civitas::grants {

// The EU Financial Regulation's cap on financial support to one third party, in euro cents.
inline constexpr int64_t kEuThirdPartyCapEuroCents = 60'000'00;

// Fills what a caller left unset: the third-party cap (EUR 60,000 in EUR programmes), tranche
// rules (80% pre-financing; the next tranche once 70% of what was paid is spent) and a score
// divergence gap of 20 points.
void ApplyCallDefaults(v1::Call* call);

// The programme a call is made from, as read: draft or open (else a precondition violation under
// call.programme), in the call's currency.
void CheckCallProgramme(const v1::Call& call, const v1::Programme& programme, Violations* v);

// Every field of `call` as written by a caller, against its programme's currency.

void ValidateCall(const v1::Call& call, const std::string& programme_currency, Violations* v);

// Publishing freezes the rules: once `before` is no longer a draft, each rule field of `after`
// must equal `before`'s (the texts may still be corrected). Names every field that changed.
void ValidateCallChange(const v1::Call& before, const v1::Call& after, Violations* v);

// What a call's envelope holds of its programme's: all of it while the call is not archived,
// nothing once archived or for none (`call` null).
int64_t EnvelopeHeldFromProgramme(const v1::Call* call);

// Whether the change from `before` (null: a create) to `after` archives the call: what was
// awarded from it stays committed, and only the unawarded part goes back to the programme.
bool ArchivesCall(const v1::Call* before, const v1::Call& after);

}  // namespace civitas::grants
