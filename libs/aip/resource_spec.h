// ResourceSpec: the static description of a resource that generic code (filters, indexes,
// update masks, names) works from. Pure data; no I/O. Each service describes its resources with it.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"

namespace civitas::aip {

// A field clients may filter on.
struct FilterField {
  // Name in filter expressions, e.g. `target_group`.
  std::string name;
  // Top-level proto field it reads, e.g. `target_groups`. `external_ids` is read as
  // `scheme|value`; maps (localized names) are read as their values.
  std::string proto_field;
  // Kept as a Redis index (`name=value`), so equality filters scan only matching records.
  bool indexed = false;
  // Matches the whole territory subtree below the given territory (indexed under every ancestor).
  bool subtree = false;
  // Values are unique per record (the store's unique key for `name=value` finds the one record),
  // so equality needs no index of its own.
  bool unique = false;
  // Every value the field can take, when they are few (an enum's names, a bool's true and
  // false; set by MakeResourceSpec): `=` and `!=` with any other value are refused, not answered
  // with nothing. Empty: any value.
  std::vector<std::string> values;
};

struct ResourceSpec {
  // Collection and resource-name prefix, e.g. `organizations`.
  std::string collection;
  // Request field holding the resource, e.g. `organization` (used in field violations).
  std::string singular;
  // Event type prefix, e.g. `organization` -> `organization.created`.
  std::string event_prefix;
  std::vector<FilterField> filter_fields;
  // Fields only the server sets; naming them in an update_mask is an error.
  std::set<std::string> output_only;
  // Fields set at creation that never change.
  std::set<std::string> immutable;

  const FilterField* FindFilterField(const std::string& name) const {
    for (const auto& f : filter_fields) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
};

// A spec for `resource` whose collection and singular come from its google.api.resource annotation
// (the singular in snake_case, as request fields spell it: `social_service`) and whose output-only
// (OUTPUT_ONLY, IDENTIFIER) and immutable fields come from its google.api.field_behavior
// annotations, so that documentation and behaviour cannot drift. The etag is output only too:
// clients send it back on updates, but it is never stored as sent. Aborts when a filter field
// reads a field the message does not have (a spec is static: every test that uses it finds it).
ResourceSpec MakeResourceSpec(const google::protobuf::Descriptor* resource,
                              std::vector<FilterField> filter_fields);

}  // namespace civitas::aip
