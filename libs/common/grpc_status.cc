#include "libs/common/grpc_status.h"

#include "google/protobuf/any.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "libs/common/field_violations.h"

namespace civitas {

namespace {

// The payloads that travel as google.rpc.Status details.
constexpr const char* kCarriedTypeUrls[] = {kBadRequestTypeUrl, kErrorInfoTypeUrl};

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) {
    return grpc::Status::OK;
  }
  auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message(status.message());
  google::rpc::Status details;
  for (const char* type_url : kCarriedTypeUrls) {
    auto payload = status.GetPayload(type_url);
    if (!payload.has_value()) continue;
    google::protobuf::Any* any = details.add_details();
    any->set_type_url(type_url);
    any->set_value(std::string(*payload));
  }
  if (details.details().empty()) return grpc::Status(code, message);
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  return grpc::Status(code, message, details.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) {
    return absl::OkStatus();
  }
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  if (status.error_details().empty()) {
    return out;
  }
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) {
    return out;
  }
  for (const google::protobuf::Any& any : details.details()) {
    for (const char* type_url : kCarriedTypeUrls) {
      if (any.type_url() == type_url) out.SetPayload(type_url, absl::Cord(any.value()));
    }
  }
  return out;
}

}  // namespace civitas
