// What a service may tell its callers about a failure. Internal details (Redis addresses, parse
// errors, library messages) are logged with the correlation id and replaced by a generic message.
#pragma once

#include "absl/status/status.h"
#include "libs/common/json_log.h"

namespace civitas {

// Returns `status` unchanged for client-facing codes; for INTERNAL, UNKNOWN, DATA_LOSS,
// UNAVAILABLE and DEADLINE_EXCEEDED logs it and returns the same code with a safe message.
absl::Status PublicStatus(const absl::Status& status, JsonLogger* logger);

}  // namespace civitas
