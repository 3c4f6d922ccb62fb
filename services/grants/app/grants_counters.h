// The names of the bounded counters grants' write plans keep (the store's keys, never shown to
// callers) and how refusals name what they add up.
#pragma once

#include <string>

namespace civitas::grants {

// The bounded counter of a programme's call envelopes: never above the programme's envelope.
std::string AllocatedCounter(const std::string& programme_name);
// The bounded counter of the envelopes of the sub-programmes a grant funds: never above its
// amount (the cascade).
std::string SubProgrammesCounter(const std::string& grant_name);
// What the allocated counter adds up, as refusals name it.
std::string AllocatedWhat(const std::string& programme_name);
// The bounded counter of a call's awards: never above its envelope.
std::string AwardedCallCounter(const std::string& call_name);

// The bounded counter of the value of a scheme's vouchers issued and not cancelled: never above
// the scheme's envelope.
std::string IssuedVoucherCounter(const std::string& scheme_name);
// The value reimbursed to providers: never above the envelope either.
std::string ReimbursedVoucherCounter(const std::string& scheme_name);
// What the issued counter adds up, as refusals name it.
std::string IssuedVoucherWhat(const std::string& scheme_name);

}  // namespace civitas::grants
