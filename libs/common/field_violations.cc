#include "libs/common/field_violations.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"

namespace civitas {

namespace {

absl::Status ViolationsError(absl::StatusCode code, const char* lead,
                             const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad_request;
  std::vector<std::string> parts;
  const size_t reported = std::min(violations.size(), kMaxReportedViolations);
  for (size_t i = 0; i < reported; ++i) {
    // A field path can echo a client's key (a map key); it is capped like the description.
    std::string field = violations[i].field.substr(0, kMaxViolationDescription);
    std::string description = violations[i].description.substr(0, kMaxViolationDescription);
    parts.push_back(absl::StrCat(field, ": ", description));
    auto* fv = bad_request.add_field_violations();
    fv->set_field(std::move(field));
    fv->set_description(std::move(description));
  }
  std::string message = absl::StrCat(lead, absl::StrJoin(parts, "; "));
  if (reported < violations.size()) {
    absl::StrAppend(&message, "; and ", violations.size() - reported, " more (", violations.size(),
                    " violations, the first ", reported, " listed)");
  }
  absl::Status status(code, message);
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(bad_request.SerializeAsString()));
  return status;
}

}  // namespace

absl::Status InvalidArgumentError(const std::vector<FieldViolation>& violations) {
  return ViolationsError(absl::StatusCode::kInvalidArgument, "invalid request: ", violations);
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
  if (preconditions_ == items_.size()) {
    return ViolationsError(absl::StatusCode::kFailedPrecondition, "refused: ", items_);
  }
  return InvalidArgumentError(items_);
}

}  // namespace civitas
