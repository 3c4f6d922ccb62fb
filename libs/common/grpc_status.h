// The one conversion between grpc::Status and absl::Status, in both directions. Field violations
// (google.rpc.BadRequest) and the reason of a refusal (google.rpc.ErrorInfo) survive the trip
// through `grpc-status-details-bin`.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace civitas {

inline constexpr char kErrorInfoTypeUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace civitas
