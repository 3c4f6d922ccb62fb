// The one conversion between grpc::Status and absl::Status, in both directions. Field violations
// (google.rpc.BadRequest) survive the trip through `grpc-status-details-bin`.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace civitas {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace civitas
