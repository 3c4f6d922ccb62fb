// Applying an AIP-134 update: which fields a request changes, and the merged resource.
#pragma once

#include "absl/status/statusor.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"
#include "libs/aip/resource_spec.h"

namespace civitas::aip {

// Copies the fields named by `mask` from `patch` onto `target`. An empty mask means every field
// set in `patch`. `name` and `etag` are never copied (they pick the record and its version).
// Unknown paths, output-only and immutable fields are INVALID_ARGUMENT naming `update_mask`. Only
// top-level paths are accepted: nested messages and repeated fields are replaced whole.
absl::Status ApplyUpdate(const google::protobuf::Message& patch,
                         const google::protobuf::FieldMask& mask, const ResourceSpec& spec,
                         google::protobuf::Message* target);

}  // namespace civitas::aip
