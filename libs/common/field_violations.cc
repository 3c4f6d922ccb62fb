#include "libs/common/field_violations.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"

namespace civitas {

absl::Status InvalidArgumentError(const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad_request;
  std::vector<std::string> parts;
  for (const FieldViolation& v : violations) {
    auto* fv = bad_request.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
    parts.push_back(absl::StrCat(v.field, ": ", v.description));
  }
  absl::Status status(absl::StatusCode::kInvalidArgument,
                      absl::StrCat("invalid request: ", absl::StrJoin(parts, "; ")));
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(bad_request.SerializeAsString()));
  return status;
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  if (!payload.has_value()) {
    return out;
  }
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(*payload))) {
    return out;
  }
  for (const auto& fv : bad_request.field_violations()) {
    out.push_back({fv.field(), fv.description()});
  }
  return out;
}

absl::Status Violations::ToStatus() const {
  if (items_.empty()) {
    return absl::OkStatus();
  }
  return InvalidArgumentError(items_);
}

}  // namespace civitas
