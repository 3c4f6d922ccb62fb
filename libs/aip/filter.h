// List filters: the AIP-160 subset Civitas supports, parsed against a ResourceSpec.
//   filter := term { "AND" term }
//   term   := field ( "=" | "!=" | ":" ) value      value := "quoted string" | bare-word
// `=` and `!=` compare whole values (enum names, resource names, codes); `:` is a
// case-insensitive substring match. Subtree fields accept `=` only and may appear once.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "libs/aip/resource_spec.h"

namespace civitas::aip {

struct FilterTerm {
  enum class Op { kEquals, kNotEquals, kHas };
  const FilterField* field = nullptr;
  Op op = Op::kEquals;
  std::string value;
};

// INVALID_ARGUMENT naming `filter` (and the offending part) on bad syntax or unknown fields.
absl::StatusOr<std::vector<FilterTerm>> ParseFilter(const std::string& text,
                                                    const ResourceSpec& spec);

// String values of a top-level field of `message` as filters and indexes see them: enum value
// names, `scheme|value` for external ids, a map's values, a repeated field's elements.
std::vector<std::string> FieldValues(const google::protobuf::Message& message,
                                     const std::string& proto_field);

// True when `message` satisfies `term` (subtree terms are satisfied by the index scan instead).
bool Matches(const google::protobuf::Message& message, const FilterTerm& term);
// True when `message` satisfies every term.
bool MatchesAll(const google::protobuf::Message& message, const std::vector<FilterTerm>& terms);

}  // namespace civitas::aip
