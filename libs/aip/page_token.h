// Page tokens: opaque to clients, they carry the sequence to continue after and a fingerprint of
// the query, so a token is refused when used with another filter or order.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace civitas::aip {

// Fingerprint of the parameters a token is bound to.
std::string QueryFingerprint(const std::string& collection, const std::string& filter,
                             const std::string& order_by, bool show_archived);
std::string EncodePageToken(int64_t after_sequence, const std::string& fingerprint);
// 0 for an empty token; INVALID_ARGUMENT naming `page_token` when malformed or for another query.
absl::StatusOr<int64_t> DecodePageToken(const std::string& token, const std::string& fingerprint);

}  // namespace civitas::aip
