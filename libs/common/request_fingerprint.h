// A request's fingerprint: what an idempotency record keeps to tell a retry of the same request
// from a new request that reuses its key (IETF draft-ietf-httpapi-idempotency-key-header: a key
// reused with a different request is refused, 422 over HTTP). SHA-256 over the parts, each
// length-prefixed so that ("ab", "c") and ("a", "bc") differ; stable across processes and
// versions, unlike absl::Hash.
#pragma once

#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"

namespace civitas {

// 64 hexadecimal digits.
std::string RequestFingerprint(std::initializer_list<absl::string_view> parts);

// A message's wire bytes with map entries in key order, so that equal messages give equal bytes.
std::string DeterministicBytes(const google::protobuf::MessageLite& message);

// The refusal of a reused key: INVALID_ARGUMENT carrying google.rpc.ErrorInfo with reason
// kIdempotencyKeyReused (the gateway answers 422), naming the request's `field`.
inline constexpr char kIdempotencyKeyReused[] = "IDEMPOTENCY_KEY_REUSED";
absl::Status IdempotencyKeyReusedError(absl::string_view field);
// True for a status made by IdempotencyKeyReusedError (also after a gRPC round trip).
bool IsIdempotencyKeyReused(const absl::Status& status);

}  // namespace civitas
