// OutboxEvent: the change event a store records for each document an applied write plan changed,
// and its encoding as the fields of a Redis stream entry (`<prefix>:events`).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace civitas {

struct OutboxEvent {
  // e.g. `organization.created`.
  std::string type;
  // e.g. `organizations/o1`.
  std::string resource_name;
  std::string collection;
  std::string id;
  // The document's version after the change.
  int64_t version = 0;
  std::string actor;
  // Shared by every event of one plan.
  std::string correlation_id;
  // The document as written.
  std::string payload;
};

using StreamFields = std::vector<std::pair<std::string, std::string>>;

// The stream entry's field names, in the order the write script writes them.
StreamFields ToStreamFields(const OutboxEvent& event);

// INVALID_ARGUMENT naming the field when one is missing or malformed.
absl::StatusOr<OutboxEvent> OutboxEventFromStreamFields(const StreamFields& fields);

}  // namespace civitas
