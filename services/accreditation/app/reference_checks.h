// Checks of what two or more accreditation resources refer to: service type codes against the
// registry's catalogue, and the country's accreditation policy.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "libs/clients/registry_client.h"
#include "libs/common/field_violations.h"
#include "libs/store/write_plan.h"

namespace civitas::accreditation {

// Checks that each of `codes` is in the registry's service type catalogue (asked once per
// call); a violation under `field`, or `field[i]` when `indexed` (a repeated field), otherwise.
absl::Status CheckServiceTypes(clients::RegistryClient* registry,
                               const std::vector<std::string>& codes, const std::string& field,
                               bool indexed, Violations* v, const clients::CallContext& ctx);

// The country's policy, as a reference the write re-checks: it must exist and be active. Nothing
// for a malformed country code (the field checks name it).
void RequirePolicy(const std::string& country, std::vector<Reference>* references);

}  // namespace civitas::accreditation
