// ParseWithoutFields: parses a serialized message leaving out some of its top-level fields, for a
// reader that never looks at them. A submission carries its audit (every change to every figure)
// beside its figures; a warehouse pull reads the figures of thousands of submissions a second and
// parsed the audit of each only to drop it.
#pragma once

#include <initializer_list>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace civitas {

// Clears `message` and merges into it the fields of `bytes` whose numbers are not in `skipped`,
// reading each run of kept fields in place (no copy). False when the kept fields are not a
// well-formed message of that type (as ParseFromString would say of them) or a skipped field
// cannot be stepped over (its tag or length longer than the parser reads); `message` is then
// unspecified. What a skipped field holds is not checked: a submission whose audit holds invalid
// UTF-8 or a malformed change still reads, where a whole parse would refuse it.
bool ParseWithoutFields(absl::string_view bytes, std::initializer_list<int> skipped,
                        google::protobuf::Message* message);

}  // namespace civitas
