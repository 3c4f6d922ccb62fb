// List requests (AIP-132): page size, page token, filter, order and soft-deleted records, checked
// together so that a client fixes every parameter in one round.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/aip/filter.h"
#include "libs/aip/resource_spec.h"

namespace civitas::aip {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// A List request's parameters as the client sent them.
struct ListQuery {
  int page_size = 0;
  std::string page_token;
  std::string filter;
  std::string order_by;
  bool show_archived = false;
};

// A List request checked against a resource.
struct ParsedListQuery {
  // kDefaultPageSize when the request gave 0.
  int page_size = kDefaultPageSize;
  // Order by create_time, newest first.
  bool descending = false;
  std::vector<FilterTerm> terms;
  // The sequence to continue after (0: from the start).
  int64_t cursor = 0;
  // What the next page token is bound to.
  std::string fingerprint;
  bool show_archived = false;
};

// INVALID_ARGUMENT naming each bad parameter (page_size, order_by, filter, page_token).
// Supported orders: create_time, create_time asc, create_time desc.
absl::StatusOr<ParsedListQuery> ParseListQuery(const ListQuery& query, const ResourceSpec& spec);

}  // namespace civitas::aip
